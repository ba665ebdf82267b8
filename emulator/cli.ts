import "../scripts/require-node";
import { CMS_DEFAULT_VERSION } from "./cms";
import { PROFILES, profileSettings, startDevices } from "./devices";
import { EXPRESSWAY_DEFAULT_VERSION } from "./expressway";
import { FAULT_KINDS, type FaultRule, parseFaultRule } from "./faults";
import type { TurnProtocolMode } from "./expressway/turn-server";
import type { EmulatorServer } from "./server";
import { applyStatusFailures, parseStatusFailures, STATUS_FAILURES, type StatusFailure } from "./status-failures";
import { parseUnconfirmedVariants, UNCONFIRMED_VARIANTS, type UnconfirmedVariant } from "./unconfirmed";
import { makeTestCertificate } from "./tls";
import { isVersion } from "../provider/schema/versions";

/**
 * `npm run emulator -- [--cms-port N] [--expc-port N] [--expe-port N] [--latency MS]
 *   [--fault SPEC]... [--seed N] [--tls] [--duplicates-200] [--unknown-id-status 400|404]
 *   [--cms-version V] [--expressway-version V]`
 * Starts the CMS, Expressway-C and Expressway-E emulators on 127.0.0.1 and prints how to reach them.
 */

const unconfirmedNames = Object.keys(UNCONFIRMED_VARIANTS).join(" ");

const USAGE = [
  "usage: npm run emulator -- [--cms-port N] [--expc-port N] [--expe-port N] [--latency MS] [--fault SPEC]...",
  "  [--seed N] [--tls] [--duplicates-200] [--unknown-id-status 400|404]",
  `  [--cms-version V (default ${CMS_DEFAULT_VERSION})]` +
    ` [--expressway-version V (default ${EXPRESSWAY_DEFAULT_VERSION})]`,
  "  --fault kind[,rate=0.1][,methods=POST|PUT|WRITE][,path=/api/v1/coSpaces][,ms=N][,retryAfter=S]" +
    "[,retryAfterForm=seconds|date][,count=N]",
  `    kinds: ${FAULT_KINDS.join(" ")}`,
  `  --status-failure NAME[,NAME]: what verification reads reports (${Object.keys(STATUS_FAILURES).join(" ")})`,
  `  --unconfirmed all|NAME[,NAME]: answers no source settles, played another way (${unconfirmedNames})`,
  "  --turn-port N: the Expressway-E's TURN over TCP port on 127.0.0.1 (default a free one)",
  "  --turn-protocol-mode Both|TCP|UDP: the Expressway-E's CLI-only TURN ProtocolMode (default Both; UDP: 442)",
].join("\n");

interface CliOptions {
  cmsPort: number;
  expcPort: number;
  expePort: number;
  latencyMs: number;
  faults: FaultRule[];
  seed: number;
  tls: boolean;
  duplicates200: boolean;
  unknownIdStatus: 400 | 404;
  cmsVersion: string;
  expresswayVersion: string;
  statusFailures: StatusFailure[];
  unconfirmed: UnconfirmedVariant[];
  turnPort: number;
  turnProtocolMode?: TurnProtocolMode;
}

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    cmsPort: 0,
    expcPort: 0,
    expePort: 0,
    latencyMs: 0,
    faults: [],
    seed: 1,
    tls: false,
    duplicates200: false,
    unknownIdStatus: 400,
    cmsVersion: CMS_DEFAULT_VERSION,
    expresswayVersion: EXPRESSWAY_DEFAULT_VERSION,
    statusFailures: [],
    unconfirmed: [],
    turnPort: 0,
  };
  const version = (flag: string, value: string | undefined): string => {
    if (value !== undefined && isVersion(value)) return value.trim();
    throw new Error(`${flag} needs a release such as 2.2, 3.8 or X8.11.4, got ${JSON.stringify(value)}`);
  };
  const number = (flag: string, value: string | undefined, max: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < 0 || n > max)
      throw new Error(`${flag} needs a whole number from 0 to ${max}, got ${JSON.stringify(value)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case "--cms-port":
        options.cmsPort = number(flag, value, 65535);
        i++;
        break;
      case "--expc-port":
        options.expcPort = number(flag, value, 65535);
        i++;
        break;
      case "--expe-port":
        options.expePort = number(flag, value, 65535);
        i++;
        break;
      case "--latency":
        options.latencyMs = number(flag, value, 60_000);
        i++;
        break;
      case "--seed":
        options.seed = number(flag, value, 2 ** 31);
        i++;
        break;
      case "--fault":
        options.faults.push(parseFaultRule(value ?? ""));
        i++;
        break;
      case "--cms-version":
        options.cmsVersion = version(flag, value);
        i++;
        break;
      case "--expressway-version":
        options.expresswayVersion = version(flag, value);
        i++;
        break;
      case "--status-failure":
        options.statusFailures.push(...parseStatusFailures(value ?? ""));
        i++;
        break;
      case "--unconfirmed":
        options.unconfirmed.push(...parseUnconfirmedVariants(value ?? ""));
        i++;
        break;
      case "--turn-port":
        options.turnPort = number(flag, value, 65535);
        i++;
        break;
      case "--turn-protocol-mode":
        if (value !== "Both" && value !== "TCP" && value !== "UDP")
          throw new Error(`--turn-protocol-mode must be Both, TCP or UDP, got ${JSON.stringify(value)}`);
        options.turnProtocolMode = value;
        i++;
        break;
      case "--tls":
        options.tls = true;
        break;
      case "--duplicates-200":
        options.duplicates200 = true;
        break;
      case "--unknown-id-status": {
        const status = number(flag, value, 999);
        if (status !== 400 && status !== 404) throw new Error(`--unknown-id-status must be 400 or 404, got ${status}`);
        options.unknownIdStatus = status;
        i++;
        break;
      }
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${JSON.stringify(flag)}\n${USAGE}`);
    }
  }
  return options;
}

export async function main(argv: readonly string[]): Promise<EmulatorServer[]> {
  const options = parseArgs(argv);
  const tls = options.tls ? makeTestCertificate() : undefined;
  const faults = { rules: options.faults, seed: options.seed, latencyMs: options.latencyMs };
  const started = await startDevices({
    ports: { cms: options.cmsPort, expresswayC: options.expcPort, expresswayE: options.expePort },
    tls,
    faults,
    unknownIdStatus: options.unknownIdStatus,
    duplicateAnswers200: options.duplicates200,
    cmsVersion: options.cmsVersion,
    expresswayVersion: options.expresswayVersion,
    unconfirmed: options.unconfirmed,
    turnPort: options.turnPort,
    ...(options.turnProtocolMode ? { expresswayEStatusAnswers: { turnProtocolMode: options.turnProtocolMode } } : {}),
  });
  applyStatusFailures(started, options.statusFailures);
  const devices: [string, EmulatorServer][] = PROFILES.map((profile) => [profile, started.byProfile[profile]]);
  console.log(
    `Emulating CMS ${started.cms.softwareVersion}, Expressway-C ${started.expC.softwareVersion}` +
      ` and Expressway-E ${started.expE.softwareVersion}.`,
  );
  console.log("Emulators listening on loopback:");
  for (const [profile, device] of devices)
    console.log(`  ${profile.padEnd(12)} ${device.url}  user ${device.username}  password ${device.password}`);
  if (started.expE.turn)
    console.log(
      `  Expressway-E TURN over TCP on 127.0.0.1:${started.expE.turn.port}` +
        ` (cisco-edge turn-check --server 127.0.0.1:${started.expE.turn.port} --username <an Expressway-E local user>)`,
    );
  console.log("\nPoint a stack at them:");
  for (const setting of profileSettings(started.byProfile))
    console.log(`  pulumi config set ${setting.secret ? "--secret " : ""}${setting.key} ${setting.value}`);
  if (tls) console.log(`\nTLS certificate (trust it with <profile>:caCert):\n${tls.cert}`);
  if (options.faults.length || options.latencyMs)
    console.log(
      `\nFaults: latency ${options.latencyMs} ms, seed ${options.seed}, rules ${JSON.stringify(options.faults)}`,
    );
  if (options.unconfirmed.length)
    console.log(`\nUnconfirmed variants: ${options.unconfirmed.map((v) => UNCONFIRMED_VARIANTS[v]).join("; ")}`);
  if (options.statusFailures.length)
    console.log(`\nStatus failures: ${options.statusFailures.map((f) => STATUS_FAILURES[f]).join("; ")}`);
  console.log("\nCtrl-C stops them.");
  return devices.map(([, device]) => device);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (devices) => {
      const stop = () => Promise.all(devices.map((d) => d.close())).then(() => process.exit(0));
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(2);
    },
  );
}
