import { describeOutsideApp } from "./support/outsideAppSuite";

describeOutsideApp(20);
