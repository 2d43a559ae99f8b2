# CloudFront serves the public versions bucket over HTTPS only; S3 stays private and only this
# distribution can read it (Origin Access Control, SigV4, AWS:SourceArn condition in the bucket policy).
# Version keys are immutable (a changed image gets a new key) and the objects carry Cache-Control
# "public, max-age=31536000, immutable" for browsers. The edge, though, keeps a response at most
# 10 minutes (max_ttl caps the objects' max-age): unpublishing a print moves its files out of the
# public bucket (docs/decisions/005-draft-images.md), and the CDN must stop serving them soon after.

resource "aws_cloudfront_origin_access_control" "public" {
  name                              = "${var.bucket_prefix}-public"
  description                       = "Signed access from CloudFront to the public versions bucket"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_cache_policy" "immutable" {
  name        = "${var.bucket_prefix}-immutable-versions"
  comment     = "Image versions and tiles: 10 minutes at most at the edge (unpublishing takes effect), no cookies, headers or query strings"
  min_ttl     = 0
  default_ttl = 600
  max_ttl     = 600

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = true
    enable_accept_encoding_gzip   = true

    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

resource "aws_cloudfront_response_headers_policy" "public" {
  name    = "${var.bucket_prefix}-public-versions"
  comment = "Long-lived caching, HSTS, nosniff and read-only CORS for any origin (IIIF viewers)"

  cors_config {
    access_control_allow_credentials = false
    origin_override                  = true
    access_control_max_age_sec       = 86400

    access_control_allow_headers {
      items = ["Range"]
    }
    access_control_allow_methods {
      items = ["GET", "HEAD"]
    }
    # Public image versions and IIIF tiles: museum viewers on any site read info.json and the tiles (decision 023).
    access_control_allow_origins {
      items = ["*"]
    }
  }

  custom_headers_config {
    items {
      header   = "Cache-Control"
      value    = "public, max-age=31536000, immutable"
      override = false
    }
  }

  security_headers_config {
    content_type_options {
      override = true
    }
    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      override                   = true
    }
  }
}

resource "aws_cloudfront_distribution" "public" {
  enabled         = true
  is_ipv6_enabled = true
  http_version    = "http2and3"
  comment         = "${var.bucket_prefix} public image versions"
  price_class     = var.cloudfront_price_class

  origin {
    origin_id                = "public-versions"
    domain_name              = aws_s3_bucket.public.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.public.id
  }

  default_cache_behavior {
    target_origin_id           = "public-versions"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = aws_cloudfront_cache_policy.immutable.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.public.id
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
