package corpus

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/testutil"
)

// tokenKind is one kind of provider credential the corpus plants.
type tokenKind struct {
	id       string // label in the truth file's variant, e.g. postmark-server
	provider string // the provider a finding should name (leakhound's rules/<provider>.yaml)
	name     string // the vendor as prose writes it
	value    func(g gen) string
	// Names that say the provider: variable names (name-before) and the
	// section a nested config puts it under (enclosing-key).
	names   [][]string
	section []string
	// Generic key words the value sits under when only the context names the
	// provider (server_token, api_key...).
	keys [][]string
	url  string // the API endpoint code and config point at (url-nearby)
	// Client calls that take the value, per language; {v} is the value and
	// {akid}, {sid}, {appid}, {pub} are companions (see companions).
	calls map[string][]string
	// header is the provider's own request header with the credential in
	// it ({v}), when it has one that names the provider
	// (X-Postmark-Server-Token, DD-API-KEY).
	header string
	// prefix is the unique prefix of a prefixed kind's value, when a
	// malformed-prefixed decoy imitates it (see prefixDecoys).
	prefix string
	// imports are the lines that bring the provider's client into a file
	// of a language, written above a client-var case's code.
	imports map[string]string
}

func words(s ...string) [][]string {
	out := make([][]string, len(s))
	for i, w := range s {
		out[i] = strings.Fields(w)
	}
	return out
}

// Formats without a unique prefix. Each comment cites the vendor page that
// documents the credential; lengths and alphabets are those of keys the
// vendor issues.
var unprefixedKinds = []tokenKind{
	// Server and account tokens are UUIDs sent in X-Postmark-Server-Token /
	// X-Postmark-Account-Token (postmarkapp.com/developer/api/overview#authentication).
	{id: "postmark-server", provider: "postmark", name: "Postmark", value: gen.uuid,
		names: words("postmark server token", "postmark api token", "postmark token"), section: []string{"postmark"},
		keys: words("server token", "api token", "token"), url: "https://api.postmarkapp.com/email",
		calls: map[string][]string{
			"js":   {`const client = new postmark.ServerClient("{v}");`},
			"ts":   {`const client = new ServerClient("{v}");`},
			"py":   {`postmark = PostmarkClient(server_token="{v}")`},
			"rb":   {`client = Postmark::ApiClient.new('{v}')`},
			"php":  {`$client = new PostmarkClient("{v}");`},
			"cs":   {`private readonly PostmarkClient _client = new PostmarkClient("{v}");`},
			"java": {`private final ApiClient client = Postmark.getApiClient("{v}");`},
			"go":   {`client := postmark.NewClient("{v}", "")`},
		},
		header:  "X-Postmark-Server-Token: {v}",
		imports: map[string]string{"js": `const postmark = require("postmark");`, "ts": `import { ServerClient } from "postmark";`, "py": "from postmarker.core import PostmarkClient", "rb": "require 'postmark'", "php": "use Postmark\\PostmarkClient;", "cs": "using PostmarkDotNet;", "java": "import com.wildbit.java.postmark.Postmark;"}},
	{id: "postmark-account", provider: "postmark", name: "Postmark", value: gen.uuid,
		names: words("postmark account token", "postmark account api token"), section: []string{"postmark"},
		keys: words("account token", "account api token"), url: "https://api.postmarkapp.com/servers",
		calls: map[string][]string{
			"js": {`const accountClient = new postmark.AccountClient("{v}");`},
			"rb": {`account = Postmark::AccountApiClient.new('{v}')`},
			"go": {`client := postmark.NewClient("", "{v}")`},
		},
		header:  "X-Postmark-Account-Token: {v}",
		imports: map[string]string{"js": `const postmark = require("postmark");`, "rb": "require 'postmark'"}},
	// 32 lowercase hex in the api_key header (developers.pepipost.com/docs/authentication).
	{id: "pepipost", provider: "pepipost", name: "Pepipost", value: func(g gen) string { return g.hex(32) },
		names: words("pepipost api key", "pepipost key", "netcore api key", "netcore email api key"), section: []string{"pepipost"},
		keys: words("api key", "key", "apikey"), url: "https://api.pepipost.com/v5/mail/send",
		calls: map[string][]string{
			"py":  {`client = PepipostClient("{v}")`},
			"php": {`$client = new PepipostLib\PepipostClient('{v}');`},
			"js":  {`const transporter = nodemailer.createTransport(pepipostTransport({ auth: { api_key: "{v}" } }));`},
		},
		imports: map[string]string{"py": "from pepipost.pepipost_client import PepipostClient", "php": "use PepipostLib\\PepipostClient;"}},
	// Private API keys: 32 hex, then two groups of 8, used as the basic-auth
	// password of user "api" (documentation.mailgun.com/docs/mailgun/api-reference/authentication).
	{id: "mailgun", provider: "mailgun", name: "Mailgun", value: func(g gen) string { return g.hex(32) + "-" + g.hex(8) + "-" + g.hex(8) },
		names: words("mailgun api key", "mailgun private api key", "mailgun key"), section: []string{"mailgun"},
		keys: words("api key", "private key", "secret"), url: "https://api.mailgun.net/v3/mg.acme-corp.net/messages",
		calls: map[string][]string{
			"js":   {`const mg = mailgun.client({ username: "api", key: "{v}" });`},
			"rb":   {`mg_client = Mailgun::Client.new('{v}')`},
			"php":  {`$mg = Mailgun::create('{v}');`},
			"go":   {`mg := mailgun.NewMailgun("mg.acme-corp.net", "{v}")`},
			"java": {`private final MailgunMessagesApi api = MailgunClient.config("{v}").createApi(MailgunMessagesApi.class);`},
			"py":   {`resp = requests.post(MAILGUN_URL, auth=("api", "{v}"), data=payload)`},
		},
		imports: map[string]string{"js": `const Mailgun = require("mailgun.js");`, "rb": "require 'mailgun-ruby'", "php": "use Mailgun\\Mailgun;"}},
	// Legacy API keys and OAuth tokens are UUIDs sent as a bearer token
	// (devcenter.heroku.com/articles/platform-api-quickstart#authentication).
	{id: "heroku", provider: "heroku", name: "Heroku", value: gen.uuid,
		names: words("heroku api key", "heroku api token", "heroku oauth token"), section: []string{"heroku"},
		keys: words("api key", "token", "oauth token"), url: "https://api.heroku.com/apps",
		calls: map[string][]string{
			"py": {`heroku_conn = heroku3.from_key("{v}")`},
			"rb": {`heroku = PlatformAPI.connect_oauth('{v}')`},
			"js": {`const heroku = new Heroku({ token: "{v}" });`},
			"go": {`svc := heroku.NewService(&http.Client{Transport: &heroku.Transport{BearerToken: "{v}"}})`},
		},
		imports: map[string]string{"py": "import heroku3", "rb": "require 'platform-api'", "js": `const Heroku = require("heroku-client");`}},
	// API keys are 32 hex, application keys 40 hex
	// (docs.datadoghq.com/account_management/api-app-keys/).
	{id: "datadog-api", provider: "datadog", name: "Datadog", value: func(g gen) string { return g.hex(32) },
		names: words("dd api key", "datadog api key"), section: []string{"datadog"},
		keys: words("api key", "apikey"), url: "https://api.datadoghq.com/api/v1/series",
		calls: map[string][]string{
			"py": {`initialize(api_key="{v}", host_name="worker-1")`},
			"js": {`dogapi.initialize({ api_key: "{v}" });`},
			"rb": {`dog = Dogapi::Client.new('{v}')`},
			"go": {`keys := map[string]datadog.APIKey{"apiKeyAuth": {Key: "{v}"}}`},
		},
		header:  "DD-API-KEY: {v}",
		imports: map[string]string{"py": "from datadog import initialize, api", "js": `const dogapi = require("dogapi");`, "rb": "require 'dogapi'"}},
	{id: "datadog-app", provider: "datadog", name: "Datadog", value: func(g gen) string { return g.hex(40) },
		names: words("dd app key", "datadog app key", "datadog application key", "dd application key"), section: []string{"datadog"},
		keys: words("app key", "application key"), url: "https://api.datadoghq.com/api/v1/monitor",
		calls: map[string][]string{
			"py": {`initialize(api_key=os.environ["DD_API_KEY"], app_key="{v}")`},
			"rb": {`dog = Dogapi::Client.new(ENV['DD_API_KEY'], '{v}')`},
			"go": {`keys := map[string]datadog.APIKey{"appKeyAuth": {Key: "{v}"}}`},
		},
		header:  "DD-APPLICATION-KEY: {v}",
		imports: map[string]string{"py": "from datadog import initialize, api", "rb": "require 'dogapi'"}},
	// Admin API keys are 32 hex (algolia.com/doc/guides/security/api-keys/);
	// the 10-character application ID beside them is not secret.
	{id: "algolia-admin", provider: "algolia", name: "Algolia", value: func(g gen) string { return g.hex(32) },
		names: words("algolia admin key", "algolia admin api key", "algolia api key", "algolia write key"), section: []string{"algolia"},
		keys: words("admin api key", "admin key", "api key"), url: "https://{appid}.algolia.net/1/keys",
		calls: map[string][]string{
			"js":   {`const client = algoliasearch("{appid}", "{v}");`},
			"py":   {`client = SearchClient.create("{appid}", "{v}")`},
			"php":  {`$client = SearchClient::create('{appid}', '{v}');`},
			"rb":   {`client = Algolia::Search::Client.create('{appid}', '{v}')`},
			"go":   {`client := search.NewClient("{appid}", "{v}")`},
			"java": {`private final SearchClient client = DefaultSearchClient.create("{appid}", "{v}");`},
			"cs":   {`private readonly SearchClient _client = new SearchClient("{appid}", "{v}");`},
		},
		header:  "X-Algolia-API-Key: {v}",
		imports: map[string]string{"js": `const algoliasearch = require("algoliasearch");`, "py": "from algoliasearch.search_client import SearchClient", "php": "use Algolia\\AlgoliaSearch\\SearchClient;", "java": "import com.algolia.search.DefaultSearchClient;", "cs": "using Algolia.Search.Clients;"}},
	// Auth tokens are 32 hex, the basic-auth password beside the account SID
	// (twilio.com/docs/iam/api/authtoken, twilio.com/docs/usage/requests-to-twilio).
	{id: "twilio-auth", provider: "twilio", name: "Twilio", value: func(g gen) string { return g.hex(32) },
		names: words("twilio auth token", "twilio token"), section: []string{"twilio"},
		keys: words("auth token", "token"), url: "https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json",
		calls: map[string][]string{
			"py":   {`client = Client("{sid}", "{v}")`},
			"js":   {`const client = require("twilio")("{sid}", "{v}");`},
			"rb":   {`@client = Twilio::REST::Client.new('{sid}', '{v}')`},
			"php":  {`$twilio = new Client('{sid}', '{v}');`},
			"java": {`static { Twilio.init("{sid}", "{v}"); }`},
			"cs":   {`static Notifier() { TwilioClient.Init("{sid}", "{v}"); }`},
			"go":   {`client := twilio.NewRestClientWithParams(twilio.ClientParams{Username: "{sid}", Password: "{v}"})`},
		},
		imports: map[string]string{"py": "from twilio.rest import Client", "rb": "require 'twilio-ruby'", "php": "use Twilio\\Rest\\Client;", "java": "import com.twilio.Twilio;", "cs": "using Twilio;"}},
	// REST API keys are 20-character strings (support.pagerduty.com/main/docs/api-access-keys).
	{id: "pagerduty", provider: "pagerduty", name: "PagerDuty", value: func(g gen) string {
		if g.chance(30) {
			return "u+" + g.String(testutil.Base62+"_-", 18)
		}
		return g.String(testutil.Base62+"_-+", 19) + g.base62(1)
	},
		names: words("pagerduty api key", "pagerduty token", "pagerduty api token"), section: []string{"pagerduty"},
		keys: words("api key", "token", "api token"), url: "https://api.pagerduty.com/incidents",
		calls: map[string][]string{
			"py": {`session = pdpyras.APISession("{v}")`},
			"go": {`client := pagerduty.NewClient("{v}")`},
			"js": {`const pd = api({ token: "{v}" });`},
		},
		header:  "Authorization: Token token={v}",
		imports: map[string]string{"py": "import pdpyras"}},
	// The legacy Global API Key, 37 hex sent as X-Auth-Key
	// (developers.cloudflare.com/fundamentals/api/get-started/keys/).
	{id: "cloudflare-global", provider: "cloudflare", name: "Cloudflare", value: func(g gen) string { return g.hex(37) },
		names: words("cloudflare api key", "cloudflare global api key", "cf api key"), section: []string{"cloudflare"},
		keys: words("api key", "global api key", "key"), url: "https://api.cloudflare.com/client/v4/zones",
		calls: map[string][]string{
			"py": {`cf = CloudFlare.CloudFlare(email="ops@acme-corp.net", key="{v}")`},
			"go": {`api, err := cloudflare.New("{v}", "ops@acme-corp.net")`},
			"js": {`const cf = require("cloudflare")({ email: "ops@acme-corp.net", key: "{v}" });`},
		}},
	// API tokens made before the scannable format: 40 URL-safe characters
	// (developers.cloudflare.com/fundamentals/api/get-started/create-token/).
	{id: "cloudflare-token", provider: "cloudflare", name: "Cloudflare", value: func(g gen) string { return g.urlsafe(40) },
		names: words("cloudflare api token", "cf api token", "cloudflare token"), section: []string{"cloudflare"},
		keys: words("api token", "token"), url: "https://api.cloudflare.com/client/v4/user/tokens/verify",
		calls: map[string][]string{
			"go": {`api, err := cloudflare.NewWithAPIToken("{v}")`},
			"py": {`cf = CloudFlare.CloudFlare(token="{v}")`},
			"js": {`const client = new Cloudflare({ apiToken: "{v}" });`},
		}},
	// Notifier API keys are 32 hex (docs.bugsnag.com/platforms/javascript/configuration-options/#apikey).
	{id: "bugsnag", provider: "bugsnag", name: "Bugsnag", value: func(g gen) string { return g.hex(32) },
		names: words("bugsnag api key", "bugsnag key"), section: []string{"bugsnag"},
		keys: words("api key", "apikey", "notifier api key"), url: "https://notify.bugsnag.com/",
		calls: map[string][]string{
			"js":   {`Bugsnag.start({ apiKey: "{v}" });`},
			"py":   {`bugsnag.configure(api_key="{v}", project_root="/srv/app")`},
			"go":   {`bugsnag.Configure(bugsnag.Configuration{APIKey: "{v}", ReleaseStage: "production"})`},
			"java": {`private final Bugsnag bugsnag = new Bugsnag("{v}");`},
			"php":  {`$bugsnag = Bugsnag\Client::make('{v}');`},
			"cs":   {`private readonly Bugsnag.Client _bugsnag = new Bugsnag.Client("{v}");`},
		},
		header:  "Bugsnag-Api-Key: {v}",
		imports: map[string]string{"js": `const Bugsnag = require("@bugsnag/js");`, "py": "import bugsnag", "java": "import com.bugsnag.Bugsnag;"}},
	// Access tokens are 32 hex (docs.rollbar.com/docs/access-tokens).
	{id: "rollbar", provider: "rollbar", name: "Rollbar", value: func(g gen) string { return g.hex(32) },
		names: words("rollbar access token", "rollbar token", "rollbar server token"), section: []string{"rollbar"},
		keys: words("access token", "post server item", "token"), url: "https://api.rollbar.com/api/1/item/",
		calls: map[string][]string{
			"py":   {`rollbar.init("{v}", "production")`},
			"js":   {`const rollbar = new Rollbar({ accessToken: "{v}", captureUncaught: true });`},
			"go":   {`rollbar.SetToken("{v}")`},
			"java": {`private final Rollbar rollbar = Rollbar.init(withAccessToken("{v}").build());`},
		},
		header:  "X-Rollbar-Access-Token: {v}",
		imports: map[string]string{"py": "import rollbar", "js": `const Rollbar = require("rollbar");`, "java": "import com.rollbar.notifier.Rollbar;"}},
	// API key and secret key, both 32 hex (dev.mailjet.com/email/guides/#authentication);
	// the secret is the credential.
	{id: "mailjet-secret", provider: "mailjet", name: "Mailjet", value: func(g gen) string { return g.hex(32) },
		names: words("mj apikey private", "mailjet secret key", "mailjet api secret"), section: []string{"mailjet"},
		keys: words("secret key", "api secret", "private key"), url: "https://api.mailjet.com/v3.1/send",
		calls: map[string][]string{
			"py":  {`mailjet = Client(auth=(api_key, "{v}"), version="v3.1")`},
			"js":  {`const mailjet = Mailjet.apiConnect(process.env.MJ_APIKEY_PUBLIC, "{v}");`},
			"go":  {`mj := mailjet.NewMailjetClient(publicKey, "{v}")`},
			"php": {`$mj = new \Mailjet\Client($apikey, '{v}', true, ['version' => 'v3.1']);`},
		}},
	// Customer tokens are UUIDs, also in the input URL
	// (documentation.solarwinds.com/en/success_center/loggly/content/admin/customer-token-authentication-token.htm).
	{id: "loggly", provider: "loggly", name: "Loggly", value: gen.uuid,
		names: words("loggly token", "loggly customer token", "loggly input token"), section: []string{"loggly"},
		keys: words("customer token", "token", "input token"), url: "https://logs-01.loggly.com/bulk/",
		calls: map[string][]string{
			"js": {`const client = loggly.createClient({ token: "{v}", subdomain: "acme" });`},
			"py": {`handler = loggly.handlers.HTTPSHandler("https://logs-01.loggly.com/inputs/{v}/tag/python")`},
		}},
	// API keys are UUIDs sent as "Authorization: GenieKey <key>" (docs.opsgenie.com/docs/api-key-management).
	{id: "opsgenie", provider: "opsgenie", name: "Opsgenie", value: gen.uuid,
		names: words("opsgenie api key", "opsgenie key"), section: []string{"opsgenie"},
		keys: words("api key", "integration key", "key"), url: "https://api.opsgenie.com/v2/alerts",
		calls: map[string][]string{
			"go": {`alertClient, err := alert.NewClient(&client.Config{ApiKey: "{v}"})`},
			"py": {`conf.api_key["Authorization"] = "{v}"`},
		},
		header: "Authorization: GenieKey {v}"},
	// App secrets are 20 hex; the app key beside them is public
	// (pusher.com/docs/channels/server_api/http-api/#authentication).
	{id: "pusher-secret", provider: "pusher", name: "Pusher", value: func(g gen) string { return g.hex(20) },
		names: words("pusher app secret", "pusher secret"), section: []string{"pusher"},
		keys: words("secret", "app secret"), url: "https://api-eu.pusher.com/apps/1687342/events",
		calls: map[string][]string{
			"js":  {`const pusher = new Pusher({ appId: "1687342", key: "{pub}", secret: "{v}", cluster: "eu" });`},
			"py":  {`pusher_client = pusher.Pusher(app_id="1687342", key="{pub}", secret="{v}", cluster="eu")`},
			"rb":  {`pusher = Pusher::Client.new(app_id: '1687342', key: '{pub}', secret: '{v}', cluster: 'eu')`},
			"php": {`$pusher = new Pusher\Pusher('{pub}', '{v}', '1687342', ['cluster' => 'eu']);`},
			"go":  {`client := pusher.Client{AppID: "1687342", Key: "{pub}", Secret: "{v}", Cluster: "eu"}`},
		}},
	// Project keys are 32 hex (docs.airbrake.io/docs/devops-tools/api/).
	{id: "airbrake", provider: "airbrake", name: "Airbrake", value: func(g gen) string { return g.hex(32) },
		names: words("airbrake project key", "airbrake api key"), section: []string{"airbrake"},
		keys: words("project key", "api key"), url: "https://api.airbrake.io/api/v3/projects/271884/notices",
		calls: map[string][]string{
			"js": {`const airbrake = new Notifier({ projectId: 271884, projectKey: "{v}" });`},
			"py": {`notifier = pybrake.Notifier(project_id=271884, project_key="{v}", environment="production")`},
			"go": {`notifier := gobrake.NewNotifierWithOptions(&gobrake.NotifierOptions{ProjectId: 271884, ProjectKey: "{v}"})`},
		}},
	// API keys are 40 hex sent as the Authorization header (developers.sparkpost.com/api/#header-authentication).
	{id: "sparkpost", provider: "sparkpost", name: "SparkPost", value: func(g gen) string { return g.hex(40) },
		names: words("sparkpost api key", "sparkpost key"), section: []string{"sparkpost"},
		keys: words("api key", "key"), url: "https://api.sparkpost.com/api/v1/transmissions",
		calls: map[string][]string{
			"js": {`const client = new SparkPost("{v}");`},
			"py": {`sp = SparkPost("{v}")`},
			"go": {`cfg := &sp.Config{BaseUrl: "https://api.sparkpost.com", ApiKey: "{v}"}`},
		}},
	// API tokens are "00" + 40 URL-safe characters, sent as "SSWS <token>"
	// (developer.okta.com/docs/guides/create-an-api-token/).
	{id: "okta", provider: "okta", name: "Okta", value: func(g gen) string { return "00" + g.urlsafe(40) },
		names: words("okta api token", "okta token", "okta client token"), section: []string{"okta"},
		keys: words("api token", "token"), url: "https://acme.okta.com/api/v1/users",
		calls: map[string][]string{
			"js":   {`const client = new okta.Client({ orgUrl: "https://acme.okta.com/", token: "{v}" });`},
			"py":   {`okta_client = OktaClient({"orgUrl": "https://acme.okta.com", "token": "{v}"})`},
			"go":   {`ctx, client, err := okta.NewClient(ctx, okta.WithOrgUrl("https://acme.okta.com"), okta.WithToken("{v}"))`},
			"java": {`private final Client client = Clients.builder().setOrgUrl("https://acme.okta.com").setClientCredentials(new TokenClientCredentials("{v}")).build();`},
		},
		header:  "Authorization: SSWS {v}",
		imports: map[string]string{"js": `const okta = require("@okta/okta-sdk-nodejs");`, "py": "from okta.client import Client as OktaClient"}},
	// Delivery and preview API keys: 43 URL-safe characters
	// (contentful.com/developers/docs/references/authentication/).
	{id: "contentful-delivery", provider: "contentful", name: "Contentful", value: func(g gen) string { return g.urlsafe(43) },
		names: words("contentful access token", "contentful delivery token", "contentful delivery api key"), section: []string{"contentful"},
		keys: words("access token", "delivery token", "token"), url: "https://cdn.contentful.com/spaces/{space}/entries",
		calls: map[string][]string{
			"js":   {`const client = contentful.createClient({ space: "{space}", accessToken: "{v}" });`},
			"py":   {`client = contentful.Client("{space}", "{v}")`},
			"rb":   {`client = Contentful::Client.new(space: '{space}', access_token: '{v}')`},
			"php":  {`$client = new \Contentful\Delivery\Client('{v}', '{space}');`},
			"java": {`private final CDAClient client = CDAClient.builder().setSpace("{space}").setToken("{v}").build();`},
		}},
	// Source write keys are 32 base62 characters (segment.com/docs/connections/find-writekey/).
	{id: "segment-write", provider: "segment", name: "Segment", value: func(g gen) string { return g.base62(32) },
		names: words("segment write key", "segment api key"), section: []string{"segment"},
		keys: words("write key", "key"), url: "https://api.segment.io/v1/track",
		calls: map[string][]string{
			"js":   {`analytics.load("{v}");`},
			"go":   {`client := analytics.New("{v}")`},
			"rb":   {`analytics = Segment::Analytics.new(write_key: '{v}')`},
			"java": {`private final Analytics analytics = Analytics.builder("{v}").build();`},
			"php":  {`Segment::init("{v}");`},
			"cs":   {`static Tracking() { Analytics.Initialize("{v}"); }`},
		},
		imports: map[string]string{"js": `const analytics = require("@segment/analytics-next");`, "rb": "require 'segment/analytics'", "java": "import com.segment.analytics.Analytics;", "cs": "using Segment;"}},
	// Secret access keys: 40 base64 characters, paired with an AKIA key id
	// (docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html).
	{id: "aws-secret", provider: "aws", name: "AWS", value: func(g gen) string { return g.AWSSecret() },
		names: words("aws secret access key", "aws secret key"), section: []string{"aws"},
		keys: words("secret access key", "secret key"), url: "https://sts.amazonaws.com/?Action=GetCallerIdentity",
		calls: map[string][]string{
			"py":   {`s3 = boto3.client("s3", aws_access_key_id="{akid}", aws_secret_access_key="{v}")`},
			"go":   {`creds := credentials.NewStaticCredentialsProvider("{akid}", "{v}", "")`},
			"js":   {`const creds = new AWS.Credentials("{akid}", "{v}");`},
			"java": {`private final AwsBasicCredentials creds = AwsBasicCredentials.create("{akid}", "{v}");`},
			"cs":   {`private readonly AWSCredentials _creds = new BasicAWSCredentials("{akid}", "{v}");`},
			"php":  {`$credentials = new Aws\Credentials\Credentials('{akid}', '{v}');`},
			"rb":   {`creds = Aws::Credentials.new('{akid}', '{v}')`},
		}},
	// Legacy auth tokens are 64 hex (docs.sentry.io/api/auth/); DSNs are public.
	{id: "sentry-auth", provider: "sentry", name: "Sentry", value: func(g gen) string { return g.hex(64) },
		names: words("sentry auth token", "sentry token", "sentry api token"), section: []string{"sentry"},
		keys: words("auth token", "token"), url: "https://sentry.io/api/0/projects/",
		calls: map[string][]string{
			"js": {`const cli = new SentryCli(null, { authToken: "{v}", org: "acme" });`},
		}},
	// Account API tokens created before 2018: 24 alphanumerics, used as the
	// basic-auth password with the account e-mail
	// (support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/).
	{id: "jira-legacy", provider: "atlassian", name: "Jira", value: func(g gen) string { return g.base62(24) },
		names: words("jira api token", "atlassian api token", "confluence api token"), section: []string{"jira"},
		keys: words("api token", "token"), url: "https://acme.atlassian.net/rest/api/3/myself",
		calls: map[string][]string{
			"py": {`jira = JIRA(server="https://acme.atlassian.net", basic_auth=("ops@acme-corp.net", "{v}"))`},
		}},
	// Access tokens are 14 hex (ipinfo.io/developers#authentication), short
	// enough that random ones often repeat characters: a fixed entropy
	// minimum turns many away.
	{id: "ipinfo", provider: "ipinfo", name: "IPinfo", value: func(g gen) string { return g.hex(14) },
		names: words("ipinfo token", "ipinfo access token", "ipinfo api key"), section: []string{"ipinfo"},
		keys: words("access token", "token"), url: "https://ipinfo.io/8.8.8.8/json",
		calls: map[string][]string{
			"py": {`handler = ipinfo.getHandler("{v}")`},
			"js": {`const ipinfoWrapper = new IPinfoWrapper("{v}");`},
			"go": {`client := ipinfo.NewClient(nil, nil, "{v}")`},
		}},
	// API keys are 10 characters, a dot and 23 more, sent as "Basic <key>"
	// (docs.shipday.com/reference/shipday-api; pypi.org/project/shipday).
	{id: "shipday", provider: "shipday", name: "Shipday", value: func(g gen) string { return g.base62(10) + "." + g.base62(23) },
		names: words("shipday api key", "shipday key"), section: []string{"shipday"},
		keys: words("api key", "key"), url: "https://api.shipday.com/orders",
		calls: map[string][]string{
			"py": {`my_shipday = Shipday(api_key="{v}")`},
		},
		imports: map[string]string{"py": "from shipday import Shipday"}},
}

// Formats with a unique prefix: the sanity baseline. Each comment cites the
// vendor's format documentation.
var prefixedKinds = []tokenKind{
	// ghp_/gho_ + 30 base62 + CRC32 in base62
	// (github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/).
	{id: "github-pat", provider: "github", name: "GitHub", value: func(g gen) string { return g.GitHubToken("ghp_") }, names: words("github token", "gh token", "github pat")},
	{id: "github-oauth", provider: "github", name: "GitHub", value: func(g gen) string { return g.GitHubToken("gho_") }, names: words("github oauth token")},
	// glpat- + 20 URL-safe characters (docs.gitlab.com/ee/security/tokens/#token-prefixes).
	{id: "gitlab-pat", provider: "gitlab", name: "GitLab", value: func(g gen) string { return "glpat-" + g.urlsafe(20) }, names: words("gitlab token", "gitlab private token", "ci job token")},
	// Secret keys sk_live_ + base62 (docs.stripe.com/keys).
	{id: "stripe-secret", provider: "stripe", name: "Stripe", value: func(g gen) string { return "sk_live_" + g.base62(one(g, []int{24, 99})) }, names: words("stripe secret key", "stripe api key")},
	{id: "stripe-restricted", provider: "stripe", name: "Stripe", value: func(g gen) string { return "rk_live_" + g.base62(one(g, []int{24, 99})) }, names: words("stripe restricted key")},
	// Bot tokens xoxb-<team>-<bot>-<secret> (api.slack.com/authentication/token-types).
	{id: "slack-bot", provider: "slack", name: "Slack", value: func(g gen) string {
		return "xoxb-" + g.digits(11+g.IntN(2)) + "-" + g.digits(13) + "-" + g.base62(24)
	}, names: words("slack bot token", "slack token")},
	// AKIA + 16 base32 characters (docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html).
	{id: "aws-key-id", provider: "aws", name: "AWS", value: func(g gen) string { return g.AWSKeyID() }, names: words("aws access key id", "aws access key")},
	// SG. + 22 + . + 43 base64url (twilio.com/docs/sendgrid/ui/account-and-settings/api-keys).
	{id: "sendgrid", provider: "sendgrid", name: "SendGrid", value: func(g gen) string { return "SG." + g.urlsafe(22) + "." + g.urlsafe(43) }, names: words("sendgrid api key", "sendgrid key")},
	// npm_ + 30 base62 + CRC32 (github.blog/2021-09-23-announcing-npms-new-access-token-format/).
	{id: "npm", provider: "npm", name: "npm", value: func(g gen) string {
		r := g.base62(30)
		return "npm_" + r + rule.Base62CRC32([]byte(r))
	}, names: words("npm token", "npm auth token")},
	// Macaroons: pypi- + base64url, the header encoding pypi.org (pypi.org/help/#apitoken).
	{id: "pypi", provider: "pypi", name: "PyPI", value: func(g gen) string { return "pypi-AgEIcHlwaS5vcmc" + g.urlsafe(150+g.IntN(40)) }, names: words("pypi token", "twine password", "pypi api token")},
	// sk-proj- keys carry T3BlbkFJ between two random halves (platform.openai.com/docs/api-reference/authentication).
	{id: "openai", provider: "openai", name: "OpenAI", value: func(g gen) string { return "sk-proj-" + g.urlsafe(74) + "T3BlbkFJ" + g.urlsafe(74) }, names: words("openai api key", "openai key")},
	// sk-ant-api03- + 93 base64url + AA (docs.anthropic.com/en/api/overview).
	{id: "anthropic", provider: "anthropic", name: "Anthropic", value: func(g gen) string { return "sk-ant-api03-" + g.urlsafe(93) + "AA" }, names: words("anthropic api key", "claude api key")},
	// shpat_ + 32 hex (shopify.dev/docs/apps/build/authentication-authorization/access-token-types).
	{id: "shopify", provider: "shopify", name: "Shopify", value: func(g gen) string { return "shpat_" + g.hex(32) }, names: words("shopify access token", "shopify admin token")},
	// dop_v1_ + 64 hex (docs.digitalocean.com/reference/api/create-personal-access-token/).
	{id: "digitalocean", provider: "digitalocean", name: "DigitalOcean", value: func(g gen) string { return "dop_v1_" + g.hex(64) }, names: words("digitalocean token", "do token", "digitalocean access token")},
	// hf_ + 34 letters (huggingface.co/docs/hub/security-tokens).
	{id: "huggingface", provider: "huggingface", name: "Hugging Face", value: func(g gen) string { return "hf_" + g.String(upper+lower, 34) }, names: words("hf token", "huggingface token", "hugging face hub token")},
	// lin_api_ + 40 alphanumerics (linear.app/developers/graphql#authentication).
	{id: "linear", provider: "linear", name: "Linear", value: func(g gen) string { return "lin_api_" + g.base62(40) }, names: words("linear api key", "linear token")},
	// dp.pt. + 43 alphanumerics (docs.doppler.com/reference/api#authentication).
	{id: "doppler", provider: "doppler", name: "Doppler", value: func(g gen) string { return "dp.pt." + g.base62(43) }, names: words("doppler token", "doppler personal token")},
	// AIza + 35 URL-safe characters (cloud.google.com/docs/authentication/api-keys).
	{id: "google-api", provider: "google", name: "Google", value: func(g gen) string { return "AIza" + g.urlsafe(35) }, names: words("google api key", "gcp api key", "maps api key")},
	// OAuth client secrets since 2021: GOCSPX- + 28 URL-safe characters
	// (developers.google.com/identity/protocols/oauth2).
	{id: "google-client-secret", provider: "google", name: "Google", value: func(g gen) string { return "GOCSPX-" + g.urlsafe(28) }, names: words("google client secret", "oauth client secret")},
	// PMAK- + 24 hex + - + 34 hex (learning.postman.com/docs/developer/postman-api/authentication/).
	{id: "postman", provider: "postman", name: "Postman", value: func(g gen) string { return "PMAK-" + g.hex(24) + "-" + g.hex(34) }, names: words("postman api key")},
	// dapi + 32 hex (docs.databricks.com/en/dev-tools/auth/pat.html).
	{id: "databricks", provider: "databricks", name: "Databricks", value: func(g gen) string { return "dapi" + g.hex(32) }, names: words("databricks token", "databricks access token")},
	// glsa_ + 32 base62 + _ + 8 hex (grafana.com/docs/grafana/latest/administration/service-accounts/).
	{id: "grafana-sa", provider: "grafana", name: "Grafana", value: func(g gen) string { return "glsa_" + g.base62(32) + "_" + g.hex(8) }, names: words("grafana token", "grafana service account token")},
	// EAAA + 60 base64url (developer.squareup.com/docs/build-basics/access-tokens).
	{id: "square", provider: "square", name: "Square", value: func(g gen) string { return "EAAA" + g.urlsafe(60) }, names: words("square access token")},
	// pul- + 40 hex (pulumi.com/docs/pulumi-cloud/access-management/access-tokens/).
	{id: "pulumi", provider: "pulumi", name: "Pulumi", value: func(g gen) string { return "pul-" + g.hex(40) }, names: words("pulumi access token")},
	// dckr_pat_ + 27 URL-safe (docs.docker.com/security/for-developers/access-tokens/).
	{id: "dockerhub", provider: "dockerhub", name: "Docker Hub", value: func(g gen) string { return "dckr_pat_" + g.urlsafe(27) }, names: words("docker hub token", "dockerhub token", "docker password")},
	// xkeysib- + 64 hex + - + 16 alphanumerics (developers.brevo.com/docs/getting-started).
	{id: "brevo", provider: "brevo", name: "Brevo", value: func(g gen) string { return "xkeysib-" + g.hex(64) + "-" + g.base62(16) }, names: words("brevo api key", "sendinblue api key")},
	// sbp_ + 40 hex (supabase.com/docs/reference/api/introduction#authentication).
	{id: "supabase", provider: "supabase", name: "Supabase", value: func(g gen) string { return "sbp_" + g.hex(40) }, names: words("supabase access token")},
	// hvs. + base62 service tokens (developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes).
	{id: "vault", provider: "hashicorp-vault", name: "Vault", value: func(g gen) string { return "hvs." + g.urlsafe(91) }, names: words("vault token")},
	// AGE-SECRET-KEY-1 + Bech32 (age-encryption.org/v1).
	{id: "age", provider: "age", name: "age", value: func(g gen) string { return strings.ToUpper(bech32("age-secret-key-", g.bytes(32))) }, names: words("sops age key", "age secret key")},
	// 32 hex + -us<n> data-centre suffix (mailchimp.com/developer/marketing/guides/quick-start/).
	{id: "mailchimp", provider: "mailchimp", name: "Mailchimp", value: func(g gen) string { return g.hex(32) + "-us" + g.digits(1+g.IntN(2)) }, names: words("mailchimp api key")},
	// NRAK- + 27 upper-case alphanumerics (docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/).
	{id: "newrelic-user", provider: "new-relic", name: "New Relic", value: func(g gen) string { return "NRAK-" + g.String(upper+digits, 27) }, names: words("new relic api key", "newrelic user key")},
	// dt0s16. platform tokens: prefix . 24 + . + 64 upper-case letters and digits
	// (docs.dynatrace.com/docs/dynatrace-api/basics/dynatrace-api-authentication).
	{id: "dynatrace-platform", provider: "dynatrace", name: "Dynatrace", value: func(g gen) string {
		return "dt0s16." + g.String(upper+digits, 24) + "." + g.String(upper+digits, 64)
	}, names: words("dynatrace platform token", "dt platform token")},
	// t1. + base64url + . + 86 base64url (yandex.cloud/en/docs/iam/concepts/authorization/iam-token).
	{id: "yandex-iam", provider: "yandex-cloud", name: "Yandex Cloud", value: func(g gen) string { return "t1." + g.urlsafe(40+g.IntN(30)) + "." + g.urlsafe(86) }, names: words("yc iam token", "yandex iam token")},
	// mdb_sa_sk_ client secrets of Atlas service accounts (mongodb.com/docs/atlas/api/service-accounts-overview/).
	{id: "mongodb-atlas-sa", provider: "mongodb-atlas", name: "MongoDB Atlas", value: func(g gen) string { return "mdb_sa_sk_" + g.urlsafe(40) }, names: words("atlas client secret", "mongodb atlas client secret")},
	// ApiKeyV5: 52 random + JQQJ99 + year/month + N5 + environment, user key, time, type, expiry + NUGT + checksum
	// (github.com/NuGet/NuGetGallery src/NuGetGallery.Services/Authentication/ApiKeyV5.cs).
	{id: "nuget-v5", provider: "nuget", name: "NuGet", value: func(g gen) string {
		return g.base62(52) + "JQQJ99B" + g.String("ABCDEFGHIJKL", 1) + "N5P" + g.base62(13) + "NUGT" + g.base62(4)
	}, names: words("nuget api key", "nuget push key")},
	// dose + 32 hex OAuth secrets of service principals (docs.databricks.com/aws/en/dev-tools/auth/oauth-m2m).
	{id: "databricks-oauth", provider: "databricks", name: "Databricks", value: func(g gen) string { return "dose" + g.hex(32) }, names: words("databricks client secret", "databricks oauth secret")},
	// User API access tokens: bkua_ + 40 hex, newer ones with a short base64
	// segment and a dot before the hex (buildkite.com/docs/platform/security/tokens).
	{id: "buildkite-user", provider: "buildkite", name: "Buildkite", prefix: "bkua_", value: func(g gen) string {
		if g.chance(50) {
			return "bkua_" + g.pick("MTA", "MTE", "MTI") + "." + g.hex(40)
		}
		return "bkua_" + g.hex(40)
	}, names: words("buildkite api token", "buildkite token")},
	// Agent session tokens: bkaa_ + a short base64 segment, a dot and about
	// 77 letters and digits (same page).
	{id: "buildkite-agent", provider: "buildkite", name: "Buildkite", prefix: "bkaa_", value: func(g gen) string {
		return "bkaa_" + g.pick("MTA", "MTE", "MTI") + "." + g.base62(77)
	}, names: words("buildkite agent access token", "buildkite agent token")},
	// Workflow Builder webhook triggers: triggers/T<team>/<numeric id>/<hex>
	// (docs.slack.dev/tools/slack-github-action/sending-techniques/sending-data-webhook-slack-workflow).
	{id: "slack-workflow", provider: "slack", name: "Slack", prefix: "https://hooks.slack.com/triggers/", value: func(g gen) string {
		return "https://hooks.slack.com/triggers/T" + g.String(upper+digits, 10) + "/" + g.digits(13) + "/" + g.hex(32)
	}, names: words("slack workflow webhook url", "slack workflow url")},
	// Temporary tokens: tk. + a base64url JSON payload + . + signature
	// (docs.mapbox.com/api/accounts/tokens/#create-a-temporary-token).
	{id: "mapbox-temporary", provider: "mapbox", name: "Mapbox", prefix: "tk.", value: func(g gen) string {
		payload := fmt.Sprintf(`{"u":%q,"a":%q,"exp":%d,"scopes":["styles:read","tiles:read"]}`, g.username(), g.String(lower+digits, 25), 1764500000+g.IntN(90000))
		return "tk." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + g.urlsafe(22)
	}, names: words("mapbox temporary token", "mapbox access token")},
	// Scoped organization tokens: sqco_ + 40 hex, as the page's examples
	// (docs.sonarsource.com/sonarqube-cloud/administering-sonarcloud/managing-organization/scoped-organization-tokens).
	{id: "sonarqube-cloud-org", provider: "sonarqube", name: "SonarQube Cloud", prefix: "sqco_", value: func(g gen) string { return "sqco_" + g.hex(40) }, names: words("sonar token", "sonarcloud token")},
	// tskey-scim- and tskey-webhook- + key id + CNTRL- + secret (tailscale.com/kb/1277/key-prefixes).
	{id: "tailscale-scim", provider: "tailscale", name: "Tailscale", prefix: "tskey-scim-", value: func(g gen) string {
		return "tskey-scim-k" + g.base62(11) + "CNTRL-" + g.base62(33)
	}, names: words("tailscale scim key", "tailscale scim token")},
	{id: "tailscale-webhook", provider: "tailscale", name: "Tailscale", prefix: "tskey-webhook-", value: func(g gen) string {
		return "tskey-webhook-k" + g.base62(11) + "CNTRL-" + g.base62(33)
	}, names: words("tailscale webhook secret")},
	// Application keys ddapp_ + 34 letters and digits; personal access tokens
	// ddpat_ (docs.datadoghq.com/account_management/personal-access-tokens/).
	{id: "datadog-app-prefixed", provider: "datadog", name: "Datadog", prefix: "ddapp_", value: func(g gen) string { return "ddapp_" + g.base62(34) }, names: words("dd app key", "datadog application key")},
	{id: "datadog-pat", provider: "datadog", name: "Datadog", prefix: "ddpat_", value: func(g gen) string { return "ddpat_" + g.base62(40) }, names: words("dd access token", "datadog personal access token")},
	// Test-mode restricted keys: rk_test_ + the base62 body of live ones (docs.stripe.com/keys).
	{id: "stripe-restricted-test", provider: "stripe", name: "Stripe", prefix: "rk_test_", value: func(g gen) string { return "rk_test_" + g.base62(one(g, []int{24, 99})) }, names: words("stripe restricted key", "stripe test key")},
	// Workspace tokens: glwt- + 20 URL-safe characters (docs.gitlab.com/security/tokens/#workspace-token).
	{id: "gitlab-workspace", provider: "gitlab", name: "GitLab", prefix: "glwt-", value: func(g gen) string { return "glwt-" + g.base62(20) }, names: words("gitlab workspace token")},
	// Branch Secret: secret_live_ + 32 letters and digits (help.branch.io/docs/credentials-new).
	{id: "branch-secret", provider: "branchio", name: "Branch.io", prefix: "secret_live_", value: func(g gen) string { return "secret_live_" + g.base62(32) }, names: words("branch secret", "branch key secret")},
}

func (g gen) uuid() string { return g.UUID() }
