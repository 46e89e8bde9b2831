import { cleanUp } from "./support/apps";
import { closeServers, served } from "./support/served";

afterAll(async () => {
  await closeServers();
  await cleanUp();
});

test("a plugin's routes are mounted on the same server, see the public URL, and its close hook runs before the server closes", async () => {
  const events: string[] = [];
  const { server } = await served("Disk", {
    publicBaseUrl: "https://files.example.com/",
    plugins: [
      {
        name: "hello",
        register(fastify, context) {
          fastify.get("/hello", async () => ({ app: context.app.appId, publicUrl: context.publicUrl() }));
          context.onClose(() => void events.push("plugin closed"));
        },
      },
    ],
  });
  const response = await fetch(`${server.url}/hello`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ app: "test.Server", publicUrl: "https://files.example.com" });
  expect((await fetch(`${server.url}/storages/Files/missing?expires=1&sig=x`)).status).toBe(403);
  await server.close();
  expect(events).toEqual(["plugin closed"]);
});

test("the Disk and StorageSvc routes are default plugins: a StorageSvc the application does not declare mounts nothing", async () => {
  const { server } = await served("Disk", { storageSvc: "storages.services.Absent" });
  const preview = await fetch(`${server.url}/storages/services/StorageSvc/preview?file=x`);
  expect(preview.status).toBe(404);
  expect(await preview.json()).toEqual({ code: "E_NOT_FOUND" });
  expect((await fetch(`${server.url}/storages/Files/missing?expires=1&sig=x`)).status).toBe(403); // the Disk plugin still mounted
});
