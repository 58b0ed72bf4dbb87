variable "region" {
  description = "AWS region of the bucket (the app's S3_REGION)."
  type        = string
}

variable "bucket_name" {
  description = "Name of the weights bucket (the app's S3_BUCKET)."
  type        = string
}

variable "portal_origins" {
  description = "Origins of the portal (NEXTAUTH_URL's origin), allowed by CORS to upload parts and read objects from browsers."
  type        = list(string)

  validation {
    condition     = length(var.portal_origins) > 0 && alltrue([for o in var.portal_origins : can(regex("^https?://[^/]+$", o))])
    error_message = "Each origin is a scheme and host (and port), with no path: https://weights.lab.example."
  }
}

variable "app_role_name" {
  description = "IAM role the web app and worker run as (an EKS IRSA / Pod Identity role, an instance role); the policy is attached to it when set."
  type        = string
  default     = ""
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete a bucket that still holds weights. Leave false outside experiments."
  type        = bool
  default     = false
}

variable "enable_cloudfront" {
  description = "Create the CloudFront distribution for signed download URLs (infra/cdn/README.md)."
  type        = bool
  default     = false
}

variable "cloudfront_public_key_pem" {
  description = "Public key (PEM) of the key pair the portal signs CloudFront URLs with; the private key stays a secret of the app. Required with enable_cloudfront."
  type        = string
  default     = ""

  validation {
    condition     = var.cloudfront_public_key_pem == "" || can(regex("-----BEGIN PUBLIC KEY-----", var.cloudfront_public_key_pem))
    error_message = "A PEM public key (-----BEGIN PUBLIC KEY-----)."
  }
}

variable "cloudfront_price_class" {
  description = "CloudFront price class (which edge locations serve downloads)."
  type        = string
  default     = "PriceClass_100"
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
