import { AwsS3Storage } from "../../src/AwsS3Storage";

export default AwsS3Storage;
