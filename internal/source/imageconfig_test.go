package source

import (
	"strings"
	"testing"
)

// The walk covers fields no version of the format had when it was
// written, names them by their JSON path, leaves out what configUnits
// scans, and gives each string its key.
func TestConfigFieldsWalkTheWholeConfig(t *testing.T) {
	raw := `{
		"architecture": "amd64",
		"created": "2024-01-01T00:00:00Z",
		"x-future": {"Nested": [{"secret.key": "value\nline 2"}], "count": 3, "on": true, "none": null},
		"container_config": {"Env": ["A=1"], "Cmd": ["sh", "-c", "run"]},
		"rootfs": {"type": "layers", "diff_ids": ["sha256:abc"]},
		"history": [{"created": "2024-01-01T00:00:00Z", "created_by": "RUN x", "comment": "buildkit"}],
		"config": {
			"Env": ["PATH=/bin"], "Cmd": ["a"], "Entrypoint": ["b"], "Labels": {"l": "v"},
			"Healthcheck": {"Test": ["CMD", "curl"], "Interval": 30000000000},
			"ExposedPorts": {"80/tcp": {}, "53/udp": {}},
			"User": "app",
			"Empty": "  "
		}
	}`
	units, err := configFields("img", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range units {
		if u.Image == nil || u.Image.Image != "img" {
			t.Errorf("%s: no image", u.Path)
		}
		got = append(got, u.Path+" "+strings.ReplaceAll(string(u.Data), "\n", "|"))
	}
	want := []string{
		"config:ExposedPorts 53/udp|80/tcp",
		"config:Healthcheck.Test[0] CMD",
		"config:Healthcheck.Test[1] curl",
		"config:User User=app",
		"config:architecture architecture=amd64",
		"config:container_config.Cmd[0] sh",
		"config:container_config.Cmd[1] -c",
		"config:container_config.Cmd[2] run",
		"config:container_config.Env[0] A=1",
		"config:history[0].comment comment=buildkit",
		`config:x-future.Nested[0]["secret.key"] secret.key=value|line 2`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := configFields("img", []byte("{not json")); err == nil {
		t.Error("a damaged config was accepted")
	}
}
