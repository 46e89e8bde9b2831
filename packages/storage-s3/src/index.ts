export { S3Storage } from "./S3Storage";
export type { S3UploadOptions } from "./writeObject";
export { AwsS3Storage, awsS3ConfigSchema, awsS3Settings, type AwsS3Config } from "./AwsS3Storage";
export { MinioStorage, minioConfigSchema, minioSettings, type MinioConfig } from "./MinioStorage";
export { CloudflareR2Storage, cloudflareR2ConfigSchema, cloudflareR2Settings, type CloudflareR2Config } from "./CloudflareR2Storage";
export { createS3Client, s3ClientConfig, type S3ClientFactory } from "./clientFactory";
export { classifyS3Error } from "./classifyError";
export type { S3Settings, S3TuningConfig, SettingsResolver, ChecksumMode } from "./settings";
