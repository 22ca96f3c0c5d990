package testutil

import (
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
)

// Image stacks layers, each with its history line, on an empty linux/amd64
// image; edit, when set, changes the config file (Env, history) last.
func Image(t testing.TB, layers []v1.Layer, createdBy []string, edit func(*v1.ConfigFile)) v1.Image {
	t.Helper()
	img := empty.Image
	for i, l := range layers {
		var err error
		if img, err = mutate.Append(img, mutate.Addendum{Layer: l, History: v1.History{CreatedBy: createdBy[i]}}); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", "amd64"
	if edit != nil {
		edit(cfg)
	}
	if img, err = mutate.ConfigFile(img, cfg); err != nil {
		t.Fatal(err)
	}
	return img
}
