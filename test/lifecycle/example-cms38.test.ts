import { describeExampleLifecycle } from "./example-lifecycle";

// The current release: TURN type expressway, no XMPP, the web bridge as c2w:// (Web Bridge 3).
describeExampleLifecycle("3.8");
