// Start GOV.UK Frontend and MOJ Frontend components. Pages work without this script;
// it only adds enhancements such as error-summary focus and the mobile menu.
import { initAll } from "./govuk-frontend.min.js";

initAll();
