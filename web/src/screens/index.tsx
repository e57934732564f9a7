import type { Principal } from "../auth";
import { isStaff } from "../app";
import type { Route } from "../router";
import { AccountScreen } from "./account";
import { ApplyScreen } from "./apply";
import { BundleApplyScreen, BundleScreen } from "./bundle";
import { CaseScreen } from "./case";
import { CatalogueScreen } from "./catalogue";
import { DashboardScreen } from "./dashboard";
import { FollowUpScreen } from "./followUp";
import { HomeScreen } from "./home";
import { InboxScreen } from "./inbox";
import { IntakeScreen } from "./intake";
import { NeedLogin, NotFound } from "./misc";
import { pageLimit } from "./paging";
import { QueueScreen } from "./queue";
import { RegisterScreen } from "./register";
import { StaffCaseScreen } from "./staffCase";
import { StatisticsScreen } from "./statistics";
import { VerifyScreen } from "./verify";
import { WalletScreen } from "./wallet";

/** The screen of a route; screens that need a login say so instead of failing. */
export function screenFor(route: Route, who: Principal | null) {
  const [first = "", second = "", third = ""] = route.path;
  const limit = pageLimit(route.query, 50); // ?limit= pages lists smaller (the browser tests use it)
  if (first === "") return who ? (isStaff(who) ? <QueueScreen who={who} /> : <DashboardScreen />) : <HomeScreen />;
  if (first === "verify") return <VerifyScreen />;
  if (first === "catalogue") return <CatalogueScreen />;
  if (first === "register") return <RegisterScreen />;
  if (!who) return <NeedLogin />;
  if (first === "staff") {
    if (second === "queue") return <QueueScreen who={who} limit={limit} />;
    if (second === "inbox") return <InboxScreen staff limit={limit} />;
    if (second === "cases" && third) return <StaffCaseScreen caseId={third} />;
    if (second === "intake") return <IntakeScreen who={who} />;
    if (second === "statistics") return <StatisticsScreen who={who} />;
    if (second === "follow-up") return <FollowUpScreen />;
    return <NotFound />;
  }
  switch (first) {
    case "dashboard":
      return <DashboardScreen />;
    case "apply":
      return <ApplyScreen code={second} />;
    case "cases":
      return <CaseScreen caseId={second} />;
    case "wallet":
      return <WalletScreen limit={limit} />;
    case "inbox":
      return <InboxScreen limit={limit} staff={isStaff(who)} />;
    case "account":
      return <AccountScreen section={second} limit={limit} />;
    case "apply-bundle":
      return <BundleApplyScreen code={second} />;
    case "bundles":
      return <BundleScreen bundleId={second} />;
    default:
      return <NotFound />;
  }
}
