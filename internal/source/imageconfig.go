package source

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// configFields returns a unit for every string of an image's config file
// that configUnits does not already cover, found by walking its JSON, so
// fields that configUnits does not name (Healthcheck, OnBuild, User,
// WorkingDir, Volumes, ExposedPorts, a legacy container_config) and any a
// later format adds are scanned too. Paths follow the JSON, the fields of
// the "config" object named without it as configUnits names them:
// config:Healthcheck.Test[1], config:history[2].comment. A string that is
// the value of a key is scanned as key=value, so a key can name the secret
// beside it; an object of empty objects (a set, such as ExposedPorts) is
// one unit of its keys, one per line.
func configFields(image string, raw []byte) ([]Unit, error) {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	w := &configWalk{at: &ImageLayer{Image: image}}
	if inner, ok := doc["config"].(map[string]any); ok {
		delete(doc, "config")
		w.object("", inner)
	}
	w.object("", doc)
	return w.units, nil
}

// notWalked matches what configUnits scans (with the layer a history line
// made), the layers' digests and the creation dates, which the OCI image
// spec defines as hashes and RFC 3339 dates.
var notWalked = regexp.MustCompile(`^(Env|Cmd|Entrypoint|Labels|rootfs|created|history\[\d+\]\.(created_by|created))$`)

type configWalk struct {
	at    *ImageLayer
	units []Unit
}

func (w *configWalk) add(path, text string) {
	w.units = append(w.units, Unit{Path: "config:" + path, Data: []byte(text), Image: w.at})
}

// value walks v found at path; key is its key when its parent is an
// object.
func (w *configWalk) value(path, key string, v any) {
	switch v := v.(type) {
	case string:
		if strings.TrimSpace(v) == "" {
			return
		}
		if key != "" {
			v = key + "=" + v
		}
		w.add(path, v)
	case []any:
		for i, e := range v {
			w.value(fmt.Sprintf("%s[%d]", path, i), "", e)
		}
	case map[string]any:
		w.object(path, v)
	}
}

func (w *configWalk) object(path string, m map[string]any) {
	var keys []string
	for k := range m {
		if !notWalked.MatchString(fieldPath(path, k)) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	if isSet(m, keys) {
		w.add(path, strings.Join(keys, "\n"))
		return
	}
	for _, k := range keys {
		w.value(fieldPath(path, k), k, m[k])
	}
}

// isSet tells an object used as a set (every value {} or null).
func isSet(m map[string]any, keys []string) bool {
	for _, k := range keys {
		if o, ok := m[k].(map[string]any); m[k] != nil && (!ok || len(o) > 0) {
			return false
		}
	}
	return len(keys) > 0
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// fieldPath appends key to a JSON path: .Key, or ["key"] when it is not
// an identifier.
func fieldPath(path, key string) string {
	switch {
	case !identifier.MatchString(key):
		return path + "[" + strconv.Quote(key) + "]"
	case path == "":
		return key
	}
	return path + "." + key
}
