package config

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Encode writes the config as .leakhound.toml text, after a header of
// comment lines, and reads it back to make sure what it wrote is a config
// leakhound accepts as it is.
func Encode(cfg *Config, header []string) ([]byte, error) {
	body, err := toml.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	for _, h := range header {
		for _, line := range strings.Split(h, "\n") {
			b.WriteString(strings.TrimRight("# "+line, " ") + "\n")
		}
	}
	if len(header) > 0 {
		b.WriteString("\n")
	}
	b.Write(body)
	if _, err := Parse(b.Bytes()); err != nil {
		return nil, fmt.Errorf("the config written does not read back: %w", err)
	}
	return b.Bytes(), nil
}
