// Copy the compiled JavaScript and the assets we use from the npm packages into
// static/build, which Django serves. We copy no GOV.UK crown and no GDS Transport font.
import { cpSync, mkdirSync } from "node:fs";

const out = "static/build";
mkdirSync(`${out}/js`, { recursive: true });
mkdirSync(`${out}/govuk/assets/images`, { recursive: true });
cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/js/govuk-frontend.min.js`);
cpSync("node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js", `${out}/js/moj-frontend.min.js`);
// MOJ Frontend's icons (its CSS refers to them); not the GOV.UK crest or crown.
cpSync("node_modules/@ministryofjustice/frontend/moj/assets/images", `${out}/govuk/assets/images`, {
  recursive: true,
  filter: (source) => !/(crown|crest|logotype|touch-icon)/.test(source),
});
cpSync("static/src/js", `${out}/js`, { recursive: true });
cpSync("static/src/images", `${out}/images`, { recursive: true });
