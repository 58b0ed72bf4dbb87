# The weights bucket: private, encrypted at rest, TLS only, with the CORS rule and the lifecycle rule
# of infra/s3/ (read from its JSON files, so the embedded stack, MinIO and AWS share one definition).

locals {
  cors      = jsondecode(file("${path.module}/../../s3/cors.json"))
  lifecycle = jsondecode(file("${path.module}/../../s3/lifecycle.json"))
}

resource "aws_s3_bucket" "weights" {
  bucket        = var.bucket_name
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "weights" {
  bucket = aws_s3_bucket.weights.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "weights" {
  bucket                  = aws_s3_bucket.weights.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "weights" {
  bucket = aws_s3_bucket.weights.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# Browsers PUT parts to presigned URLs and must read each part's ETag; the origins are the portal's.
resource "aws_s3_bucket_cors_configuration" "weights" {
  bucket = aws_s3_bucket.weights.id

  dynamic "cors_rule" {
    for_each = local.cors.CORSRules
    content {
      allowed_origins = var.portal_origins
      allowed_methods = cors_rule.value.AllowedMethods
      allowed_headers = cors_rule.value.AllowedHeaders
      expose_headers  = cors_rule.value.ExposeHeaders
      max_age_seconds = cors_rule.value.MaxAgeSeconds
    }
  }
}

# Multipart uploads nobody completed or cancelled are aborted (their parts would be billed forever).
resource "aws_s3_bucket_lifecycle_configuration" "weights" {
  bucket = aws_s3_bucket.weights.id

  dynamic "rule" {
    for_each = local.lifecycle.Rules
    content {
      id     = rule.value.ID
      status = rule.value.Status
      filter {
        prefix = rule.value.Filter.Prefix
      }
      abort_incomplete_multipart_upload {
        days_after_initiation = rule.value.AbortIncompleteMultipartUpload.DaysAfterInitiation
      }
    }
  }
}

data "aws_iam_policy_document" "bucket" {
  statement {
    sid     = "TlsOnly"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.weights.arn,
      "${aws_s3_bucket.weights.arn}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  dynamic "statement" {
    for_each = var.enable_cloudfront ? [1] : []
    content {
      sid       = "CloudFrontReadsObjects"
      actions   = ["s3:GetObject"]
      resources = ["${aws_s3_bucket.weights.arn}/models/*"]
      principals {
        type        = "Service"
        identifiers = ["cloudfront.amazonaws.com"]
      }
      condition {
        test     = "StringEquals"
        variable = "AWS:SourceArn"
        values   = [aws_cloudfront_distribution.weights[0].arn]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "weights" {
  bucket = aws_s3_bucket.weights.id
  policy = data.aws_iam_policy_document.bucket.json

  depends_on = [aws_s3_bucket_public_access_block.weights]
}
