package detect_test

import "testing"

// TestShellContinuationInConfigString: a TOML or YAML string holding a
// shell command continues its lines with a backslash, which is not the
// value's; a properties file's backslash continues the value itself.
func TestShellContinuationInConfigString(t *testing.T) {
	v := "b9841238feb177a84330febba8a832089"
	runContextCases(t, []contextCase{
		{"toml literal string", "ovh.toml", "Example = '''\nOVH_APPLICATION_SECRET=" + v + " \\\nlego --dns ovh run\n'''\n", "generic-secret", "high", ""},
		{"yaml block", "ci.yml", "steps:\n  - run: |\n      NAMECOM_API_TOKEN=Zq8Rt2Lm9Xv4Wn7Bc1Hp6Jd3Ks0Fy5Ga8 \\\n      lego run\n", "generic-api-key", "high", ""},
		{"reference before the backslash", "ovh.toml", "Example = '''\nOVH_APPLICATION_SECRET=$OVH_SECRET \\\nlego run\n'''\n", "", "", ""},
	})
}
