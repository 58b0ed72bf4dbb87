# Optional (enable_cloudfront): downloads through CloudFront with signed URLs, so a URL can live
# seconds instead of minutes (infra/cdn/README.md). CloudFront reads the bucket through an origin
# access control; the portal signs with the private key of cloudfront_public_key_pem's pair.
# Uploads still go straight to S3 with presigned part URLs.

resource "aws_cloudfront_origin_access_control" "weights" {
  count                             = var.enable_cloudfront ? 1 : 0
  name                              = "${var.bucket_name}-oac"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_public_key" "portal" {
  count       = var.enable_cloudfront ? 1 : 0
  name        = "${var.bucket_name}-portal"
  comment     = "Signs the registry's download URLs"
  encoded_key = var.cloudfront_public_key_pem

  lifecycle {
    precondition {
      condition     = var.cloudfront_public_key_pem != ""
      error_message = "enable_cloudfront needs cloudfront_public_key_pem."
    }
  }
}

resource "aws_cloudfront_key_group" "portal" {
  count   = var.enable_cloudfront ? 1 : 0
  name    = "${var.bucket_name}-portal"
  comment = "Rotate (replace the key) to invalidate every outstanding URL at once"
  items   = [aws_cloudfront_public_key.portal[0].id]
}

data "aws_cloudfront_cache_policy" "caching_optimized" {
  count = var.enable_cloudfront ? 1 : 0
  name  = "Managed-CachingOptimized"
}

resource "aws_cloudfront_distribution" "weights" {
  count           = var.enable_cloudfront ? 1 : 0
  enabled         = true
  comment         = "Weights registry downloads (${var.bucket_name})"
  price_class     = var.cloudfront_price_class
  is_ipv6_enabled = true
  http_version    = "http2and3"
  tags            = var.tags

  origin {
    origin_id                = "weights"
    domain_name              = aws_s3_bucket.weights.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.weights[0].id
  }

  default_cache_behavior {
    target_origin_id       = "weights"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    compress               = false
    cache_policy_id        = data.aws_cloudfront_cache_policy.caching_optimized[0].id
    # Every request needs a URL signed by the portal.
    trusted_key_groups = [aws_cloudfront_key_group.portal[0].id]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
