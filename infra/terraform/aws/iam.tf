# Exactly what the web app and the worker do on the bucket (lib/storage/):
#   GetObject, HeadObject                                  -> s3:GetObject (presigned downloads, verify, playground)
#   PutObject, CreateMultipartUpload, UploadPart,
#   CompleteMultipartUpload                                -> s3:PutObject (presigned part URLs, uploads)
#   AbortMultipartUpload                                   -> s3:AbortMultipartUpload (Cancel, failed uploads)
#   DeleteObject                                           -> s3:DeleteObject (files removed from a draft)
#   HeadBucket                                             -> s3:ListBucket (readiness; also turns a missing key into 404, not 403)
# infra/deploy.test.ts checks this list against the SDK commands the code sends.

data "aws_iam_policy_document" "app" {
  statement {
    sid = "Objects"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:AbortMultipartUpload",
      "s3:DeleteObject",
    ]
    resources = ["${aws_s3_bucket.weights.arn}/*"]
  }

  statement {
    sid       = "Bucket"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.weights.arn]
  }
}

resource "aws_iam_policy" "app" {
  name        = "${var.bucket_name}-registry-app"
  description = "Weights registry web app and worker: objects of ${var.bucket_name}."
  policy      = data.aws_iam_policy_document.app.json
  tags        = var.tags
}

resource "aws_iam_role_policy_attachment" "app" {
  count      = var.app_role_name == "" ? 0 : 1
  role       = var.app_role_name
  policy_arn = aws_iam_policy.app.arn
}
