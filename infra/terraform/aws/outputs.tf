output "bucket" {
  description = "S3_BUCKET for the app."
  value       = aws_s3_bucket.weights.bucket
}

output "region" {
  description = "S3_REGION for the app."
  value       = var.region
}

output "app_policy_arn" {
  description = "IAM policy with the app's S3 permissions; attach it to the role web and worker run as (done when app_role_name is set)."
  value       = aws_iam_policy.app.arn
}

output "cloudfront_domain_name" {
  description = "Domain of the download distribution (empty without enable_cloudfront)."
  value       = var.enable_cloudfront ? aws_cloudfront_distribution.weights[0].domain_name : ""
}

output "cloudfront_key_group_id" {
  description = "Key group id: the key pair id the portal puts in signed URLs is the public key's id below."
  value       = var.enable_cloudfront ? aws_cloudfront_key_group.portal[0].id : ""
}

output "cloudfront_public_key_id" {
  description = "Key-Pair-Id of signed CloudFront URLs."
  value       = var.enable_cloudfront ? aws_cloudfront_public_key.portal[0].id : ""
}
