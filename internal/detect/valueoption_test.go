package detect_test

import "testing"

// TestSecretStoreCommand: a secret store's command line names the secret
// and takes its value in an option (gh secret set NAME --body V, aws ssm
// put-parameter --name NAME --value V); the provider's rule reads the
// value when the name names the provider's credential, and not when the
// name is something else or the value a variable.
func TestSecretStoreCommand(t *testing.T) {
	e := catalogueEngine(t)
	const uuid = "5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f"
	const hex = "2748c9795f2efd6541e53639e312b8c4"
	checkProviderCases(t, e, []providerCase{
		{"deploy.sh", "gh secret set POSTMARK_SERVER_TOKEN --body " + uuid + "\n", "postmark-server-token"},
		{"deploy.sh", "aws ssm put-parameter --name /prod/pepipost/api-key --value " + hex + " --type SecureString\n", "pepipost-api-key"},
		{"deploy.sh", "aws ssm put-parameter --name /prod/pepipost/api-key --value=" + hex + "\n", "pepipost-api-key"},
		{"deploy.sh", "gh variable set POSTMARK_TEMPLATE_ID --body " + uuid + "\n", ""},
		{"deploy.sh", "gh secret set POSTMARK_SERVER_TOKEN --body \"$POSTMARK_SERVER_TOKEN\"\n", ""},
	})
}
