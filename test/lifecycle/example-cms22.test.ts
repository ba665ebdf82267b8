import { describeExampleLifecycle } from "./example-lifecycle";

// The guide's release (TAC 211301 runs CMS 2.2.1): TURN type standard, XMPP, the 2.x web bridge.
describeExampleLifecycle("2.2");
