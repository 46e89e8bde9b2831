// Run in a child process by lazyLoad.test.ts: node -C source -r ts-node/register lazyLoadProbe.ts <root> <fullName>...
// Prints how many @aws-sdk modules are loaded after createApp + getElement, and after a first signing.
import { createApp } from "@elemental/core";

const awsModules = (): number => Object.keys(require.cache).filter((file) => file.includes(`${"@aws-sdk"}`)).length;

async function main(): Promise<void> {
  const [root, ...names] = process.argv.slice(2);
  const app = await createApp({ root });
  const elements = names.map((name) => app.getElement<{ getSignUrl(key: string): Promise<string>; constructor: { name: string } }>(name));
  const afterGetElement = awsModules();
  const url = await elements[0]?.getSignUrl("probe.txt");
  console.log(
    JSON.stringify({ classes: elements.map((element) => element.constructor.name), afterGetElement, afterFirstUse: awsModules(), signed: Boolean(url) }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
