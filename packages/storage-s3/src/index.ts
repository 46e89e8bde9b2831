export { S3Storage, type S3UploadOptions, type SettingsResolver } from "./S3Storage";
export { AwsS3Storage, awsS3ConfigSchema, awsS3Settings, type AwsS3Config } from "./AwsS3Storage";
export { MinioStorage, minioConfigSchema, minioSettings, type MinioConfig } from "./MinioStorage";
export { CloudflareR2Storage, cloudflareR2ConfigSchema, cloudflareR2Settings, type CloudflareR2Config } from "./CloudflareR2Storage";
export { createS3Client, s3ClientConfig, type S3ClientFactory } from "./clientFactory";
export { classifyS3Error } from "./classifyError";
export { ConfigProblems, DEFAULTS, MIN_PART_SIZE, MAX_PUT_SIZE, resolveSettings, type S3Settings, type S3TuningConfig, type S3ConfigFields, type TypeRules, type ChecksumMode } from "./settings";
export { encodeKey } from "./endpoint";
