import * as fs from "node:fs";
import { applyStatusFailures } from "../../emulator/status-failures";
import { parseUnconfirmedVariants } from "../../emulator/unconfirmed";
import { readState } from "../../lab/fake-engine";
import { expectDeclaredObjects, expectDeviceAsFound, resourceCount } from "./declared-objects";
import {
  allRequests,
  byName,
  clearRequests,
  DNS,
  DNS_SERVERS,
  DOMAINS,
  type ExampleStack,
  exampleStack,
  expectNoSecretLeaked,
  MRA,
  PROJECT,
  requestLines,
  SERVER_ZONE,
  STACK,
  settingsSnapshot,
  TURN,
  writes,
  XMPP,
} from "./example-stack";

/**
 * The whole example (examples/dual-domain) through the fake engine against one CMS
 * release: the compiled program runs under the SDK's mocks, every provider call goes over
 * gRPC to the SDK's dynamic-provider host, which talks HTTP to the three loopback
 * emulators. Every check on objects reads the emulators' own data. Each test starts from
 * fresh emulators and an empty state (see example-stack.ts), so they run in any order.
 */
export function describeExampleLifecycle(cmsVersion: string): void {
  const count = resourceCount(cmsVersion);

  describe(`examples/dual-domain against CMS ${cmsVersion} (fake engine, dynamic-provider host over gRPC)`, () => {
    let stack: ExampleStack;
    beforeEach(async () => {
      stack = await exampleStack(cmsVersion);
    });
    afterEach(async () => {
      await stack?.close();
    });

    test("up on the emulators creates exactly the declared objects with the guide's values", async () => {
      const result = await stack.run("up");
      expect(result.steps.filter((s) => s.action === "create" && s.status === "done")).toHaveLength(count);
      // up previews first, as `pulumi up` does: every resource is checked twice, created once.
      expect(result.hostCalls).toMatchObject({ configure: 1, check: 2 * count, create: count, update: 0, delete: 0 });
      expectDeclaredObjects(stack);
      const { cms } = stack.devices;
      expect(result.outputs).toMatchObject({
        spaceId: cms.list("coSpaces")[0].id,
        turnServerId: cms.list("turnServers")[0].id,
        webBridgeId: cms.list("webBridges")[0].id,
        sipUri: "proxywebrtc@cms.octavio.local",
        sipUriExternal: "proxywebrtc@octavio.com",
        guestUrl: "https://cmsweb.octavio.com",
        cmsVersion: cms.softwareVersion,
        turnServerType: { type: cmsVersion.startsWith("2.") ? "standard" : "expressway" },
      });
      const steps = result.outputs.manualSteps as { device: string; where: string; value: string }[];
      expect(
        steps.some((s) => s.where.includes("Cisco Meeting Server") && s.value.includes("cmsweb.octavio.com")),
      ).toBe(true);
      expect(steps.some((s) => s.value.includes("xmpp domain"))).toBe(cmsVersion.startsWith("2."));
      const order = result.steps.map((s) => s.name);
      expect(order.indexOf("traversal-user")).toBeLessThan(order.indexOf("ut-zone-server"));
      expect(order.indexOf("ut-zone-server")).toBeLessThan(order.indexOf("ut-zone-client"));
      expect(order.indexOf("turn-user")).toBeLessThan(order.indexOf("turn"));
      expectNoSecretLeaked(stack);
    });

    test("a second up is a no-op: same for every resource, zero requests to any device", async () => {
      await stack.run("up");
      clearRequests(stack.devices);
      const result = await stack.run("up");
      expect(result.steps.map((s) => s.action)).toEqual(Array(count).fill("same"));
      expect(result.hostCalls).toMatchObject({
        check: 2 * count,
        diff: 2 * count,
        create: 0,
        update: 0,
        delete: 0,
        read: 0,
      });
      expect(requestLines(stack.devices)).toEqual([]);
      expectNoSecretLeaked(stack);
    });

    test("config verify=true: up reads the guide's Verify checks into the health output, with GETs only", async () => {
      await stack.run("up");
      // The Cisco Meeting Server page (no API) played as done: the web bridge name is tunnelled.
      applyStatusFailures(stack.devices, [], { webProxyHosts: ["cmsweb.octavio.com"] });
      clearRequests(stack.devices);
      // TAC 212580's TCP relay check reaches the emulated Expressway-E's TURN port (config turnCheckAddress).
      const verify = stack.config({ verify: "true", turnCheckAddress: `127.0.0.1:${stack.devices.expE.turn?.port}` });
      const result = await stack.run("up", verify);
      expect(writes(stack.devices)).toEqual([]);
      const health = result.outputs.health as string[];
      expect(health.map((line) => line.split(":")[0])).toEqual([
        "pass cms-licence",
        "pass cms-turn-status",
        "pass cms-web-bridge-status",
        "pass expressway-e-turn",
        "pass expressway-e-turn-protocol",
        "pass cms-turn-tcp-relay",
        "pass expressway-c-ssh-tunnels",
      ]);
      expect(health[5]).toMatch(/a TCP relay was allocated at 127\.0\.0\.1:\d+ \(realm turnuser, lifetime 600 s\)$/);
      for (const domain of ["octavio.local", "octavio.com", "cmsweb.octavio.com"])
        expect(health[6]).toContain(`vcse.octavio.com x ${domain}: Active`);
      // The page forgotten: the tunnel check names the missing web bridge name.
      applyStatusFailures(stack.devices, ["web-proxy-off"], { webProxyHosts: ["cmsweb.octavio.com"] });
      const forgotten = (await stack.run("up", verify)).outputs.health as string[];
      expect(forgotten[6]).toMatch(/^fail expressway-c-ssh-tunnels: no tunnel for cmsweb\.octavio\.com; /);
      // Three ups, each reading the Verify checks and allocating TCP relays: more than jest's default when loaded.
    }, 120_000);

    test("one config change updates one object in place with exactly one PUT", async () => {
      await stack.run("up");
      const turnId = stack.devices.cms.list("turnServers")[0].id;
      const changed = stack.config({ expresswayEPublicAddress: "10.88.246.157" });
      clearRequests(stack.devices);
      const plan = await stack.run("preview", changed);
      expect(byName(plan).turn).toMatchObject({ action: "update", status: "planned", keys: ["clientAddress"] });
      expect(plan.steps.filter((s) => s.action !== "same")).toHaveLength(1);
      // Preview reads the one device with a planned change once (its credentials and release), and writes nothing.
      expect(writes(stack.devices)).toEqual([]);
      expect(stack.devices.cms.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/v1/system/status"]);
      expect(allRequests(stack.devices)).toBe(1);

      const result = await stack.run("up", changed);
      expect(result.steps.filter((s) => s.action !== "same").map((s) => s.name)).toEqual(["turn"]);
      expect(byName(result).turn).toMatchObject({ action: "update", status: "done", id: turnId });
      expect(writes(stack.devices).map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /api/v1/turnServers/${turnId}`]);
      expectDeclaredObjects(stack, { clientAddress: "10.88.246.157" });
    });

    test("one settings change at a time (TURN, DNS, XMPP) is one write of that field to that singleton", async () => {
      await stack.run("up");
      // [config key, new value, resource, changed keys, the one write, its body]
      const changes: [string, string, string, string[], string, string][] = [
        [
          "turnRealm",
          "octavio",
          "expressway-turn",
          ["authenticationRealm"],
          `expE PUT /api/provisioning/${TURN}`,
          '{"AuthenticationRealm":"octavio"}',
        ],
        [
          "dnsServers",
          "172.16.85.170",
          "dns-c",
          ["servers"],
          `expC PUT /api/provisioning/${DNS_SERVERS}`,
          '{"DefaultDNSServers":{"index":1,"address":"172.16.85.170"}}',
        ],
      ];
      if (cmsVersion.startsWith("2."))
        changes.push([
          "xmppServerAddress",
          "localhost:5224",
          "xmpp",
          ["serverAddressOverride"],
          `cms PUT /api/v1/${XMPP}`,
          "serverAddressOverride=localhost%3A5224",
        ]);
      const config: Record<string, string> = {};
      for (const [key, value, name, keys, request, body] of changes) {
        config[key] = value;
        clearRequests(stack.devices);
        const result = await stack.run("up", stack.config(config));
        const changed = result.steps.filter((s) => s.action !== "same").map((s) => [s.name, s.action, s.keys]);
        expect([key, changed]).toEqual([key, [[name, "update", keys]]]);
        expect([key, requestLines(stack.devices).filter((line) => !line.includes(" GET "))]).toEqual([key, [request]]);
        expect([key, writes(stack.devices)[0].body]).toEqual([key, body]);
      }
      expect(stack.devices.expE.list(TURN)[0].AuthenticationRealm).toBe("octavio");
      expect(stack.devices.expC.list(DNS_SERVERS)).toEqual([{ index: 1, address: "172.16.85.170" }]);
    });

    test("refresh shows out-of-band changes as drift and deletes as gone; the next up repairs both", async () => {
      await stack.run("up");
      const { cms, expC, expE } = stack.devices;
      const cms2 = cmsVersion.startsWith("2.");
      const space = cms.list("coSpaces")[0];
      cms.patch("coSpaces", space.id, { name: "Renamed by hand" });
      expC.remove(DOMAINS, "octavio.com");
      expE.patch(SERVER_ZONE, "UT Zone", { HopCount: 30 });
      // One hand edit on every settings kind (and the 2.x web bridge's guest-access fields).
      expE.patch(MRA, "", { Enabled: "Off" });
      expC.patch(DNS, "", { SystemHostName: "byhand" });
      expE.patch(TURN, "", { TurnServices: "Off" });
      const drifted: [string, string[]][] = [
        ["dns-c", ["systemHostName"]],
        ["expressway-turn", ["services"]],
        ["mra-e", ["enabled"]],
        ["proxy-webrtc", ["name"]],
        ["ut-zone-server", ["hopCount"]],
      ];
      if (cms2) {
        cms.patch("webBridges", cms.list("webBridges")[0].id, { showSignIn: "false" });
        cms.patch(XMPP, "", { domain: "byhand.local" });
        drifted.push(["web-bridge", ["showSignIn"]], ["xmpp", ["domain"]]);
      }

      clearRequests(stack.devices);
      const refreshed = await stack.run("refresh");
      const changed = refreshed.steps.filter((s) => s.action !== "same");
      expect(changed.filter((s) => s.action === "drift").map((s) => [s.name, s.keys])).toEqual(
        expect.arrayContaining(drifted),
      );
      expect(changed.map((s) => s.name).sort()).toEqual([...drifted.map(([name]) => name), "domain-external"].sort());
      expect(byName(refreshed)["domain-external"]).toMatchObject({ action: "delete", status: "done" });
      expect(byName(refreshed)["proxy-webrtc"]).toMatchObject({ id: space.id });
      expect(writes(stack.devices)).toEqual([]);
      const state = readState(stack.statePath, PROJECT, STACK);
      expect(state.resources.some((r) => r.name === "domain-external")).toBe(false);

      clearRequests(stack.devices);
      const repaired = await stack.run("up");
      expect(
        repaired.steps
          .filter((s) => s.action !== "same")
          .map((s) => [s.name, s.action])
          .sort(),
      ).toEqual(
        [["domain-external", "create"], ...drifted.map(([name]) => [name, "update"])].sort((a, b) =>
          a[0].localeCompare(b[0]),
        ),
      );
      // The repair names exactly the drifted keys: a declared value equal to its device default
      // (the zone's sipPort 7001) is not shown as a change ("7001 → 7001").
      const repairedKeys = repaired.steps.filter((s) => s.action === "update").map((s) => [s.name, s.keys]);
      expect(repairedKeys).toEqual(expect.arrayContaining(drifted));
      expect(repairedKeys).toHaveLength(drifted.length);
      expectDeclaredObjects(stack);
    });

    test("every unconfirmed device behaviour at once: up, no-op, gone on refresh, health, destroy", async () => {
      const variant = await exampleStack(cmsVersion, parseUnconfirmedVariants("all"));
      try {
        await variant.run("up");
        expectDeclaredObjects(variant);
        clearRequests(variant.devices);
        const again = await variant.run("up");
        expect(again.steps.map((s) => s.action)).toEqual(Array(count).fill("same"));
        expect(requestLines(variant.devices)).toEqual([]);
        // Gone by hand: a TURN server (an unpublished failure tag) and a domain.
        const { cms, expC } = variant.devices;
        cms.remove("turnServers", cms.list("turnServers")[0].id as string);
        expC.remove(DOMAINS, "octavio.com");
        const refreshed = await variant.run("refresh");
        expect(refreshed.steps.filter((s) => s.action !== "same").map((s) => [s.name, s.action])).toEqual(
          expect.arrayContaining([
            ["turn", "delete"],
            ["domain-external", "delete"],
          ]),
        );
        expect(refreshed.steps.filter((s) => s.action === "drift")).toEqual([]);
        await variant.run("up");
        applyStatusFailures(variant.devices, [], { webProxyHosts: ["cmsweb.octavio.com"] });
        const turnCheckAddress = `127.0.0.1:${variant.devices.expE.turn?.port}`;
        const verified = variant.config({ verify: "true", turnCheckAddress });
        const health = (await variant.run("up", verified)).outputs.health as string[];
        expect(health.filter((line) => !line.startsWith("pass "))).toEqual([]);
        // Deleted by hand before destroy: the look-up, not the device's words, says it is gone.
        expC.remove(DOMAINS, "octavio.local");
        await variant.run("destroy");
        expectDeviceAsFound(variant, settingsSnapshot(variant.devices, cmsVersion));
        expect(settingsSnapshot(variant.devices, cmsVersion)).toEqual(variant.before);
      } finally {
        await variant.close();
      }
    });

    test("destroy leaves no object and puts every settings singleton back exactly as it was", async () => {
      await stack.run("up");
      expect(settingsSnapshot(stack.devices, cmsVersion)).not.toEqual(stack.before);
      const result = await stack.run("destroy");
      expect(result.steps.map((s) => s.action)).toEqual(Array(count).fill("delete"));
      expect(result.hostCalls).toMatchObject({ delete: count, create: 0 });
      expectDeviceAsFound(stack, settingsSnapshot(stack.devices, cmsVersion));
      const order = result.steps.map((s) => s.name);
      expect(order.indexOf("ut-zone-client")).toBeLessThan(order.indexOf("ut-zone-server"));
      expect(order.indexOf("turn")).toBeLessThan(order.indexOf("turn-user"));
      expect(readState(stack.statePath, PROJECT, STACK).resources).toEqual([]);
      expectNoSecretLeaked(stack);
      // The state and its key file are private, like a passphrase-provider's secret.
      expect(fs.statSync(`${stack.statePath}.key`).mode & 0o077).toBe(0);
      expect(fs.statSync(stack.statePath).mode & 0o077).toBe(0);
    });

    test("a TURN password differing between CMS and Expressway-E fails preview before any request", async () => {
      const result = await stack.attempt(
        "preview",
        stack.config({ cmsTurnPassword: { value: `${stack.secrets.turnPassword}-x`, secret: true } }),
      );
      expect(result.ok).toBe(false);
      const errors = result.errors.join("\n");
      expect(errors).toContain("[turn-credentials]");
      expect(errors).toContain("431 Integrity Check Failure");
      expect(errors).not.toContain(stack.secrets.turnPassword);
      expect(result.steps).toEqual([]);
      expect(result.hostCalls).toMatchObject({ check: 0, create: 0, read: 0 });
      expect(allRequests(stack.devices)).toBe(0);
    });
  });
}
