/**
 * The CORS rule a bucket needs so that the console's page (at `origin`) can upload to it directly and read
 * each part's ETag, in the shape of S3's PutBucketCors `CORSRules`.
 */
export function corsRuleFor(origin: string) {
  return [{ AllowedOrigins: [origin], AllowedMethods: ["PUT", "GET", "HEAD"], AllowedHeaders: ["*"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 3600 }];
}
