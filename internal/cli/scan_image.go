package cli

import (
	"fmt"

	"github.com/google/go-containerregistry/pkg/authn"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/scan"
	"github.com/leakhound/leakhound/internal/source"
)

// defaultMaxLayerSize is far above real layers (CUDA base layers are a few
// GB) and far below what a decompression bomb expands to.
const defaultMaxLayerSize = "16GB"

func newScanImageCmd(io *IO, flags *scanFlags) *cobra.Command {
	var platform, maxLayerSize string
	var insecure bool
	cmd := &cobra.Command{
		Use:   "image REF|PATH...",
		Short: "Scan container images: from a registry, a `docker save` tarball or an OCI layout",
		Long: `Scan Docker and OCI images: the config (Env, Cmd, Entrypoint, Labels and every
history line, where build arguments and RUN lines leak) and every file of
every layer, including files a later layer deleted, which are still in the
image's blobs. A PATH is a 'docker save' tarball, an OCI image layout
folder or a tar of one; anything else is pulled from its registry with the
credentials of the docker config. Layers are streamed, never extracted,
and a layer shared by several images is read once.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var p *v1.Platform
			if platform != "" {
				var err error
				if p, err = v1.ParsePlatform(platform); err != nil {
					return exitWith(ExitError, fmt.Errorf("--platform: %w", err))
				}
			}
			layerLimit, err := config.ParseSize(maxLayerSize)
			if err != nil {
				return exitWith(ExitError, fmt.Errorf("--max-layer-size: %w", err))
			}
			return runScan(cmd.Context(), io, flags, ".", func(env *scanEnv) scan.Source {
				return &source.Image{
					Targets: args, Platform: p, Insecure: insecure, Keychain: authn.DefaultKeychain,
					Exclude: env.exclude, MaxFileSize: env.maxFileSize, MaxLayerSize: layerLimit, Workers: env.workers,
				}
			})
		},
	}
	cmd.Flags().StringVar(&platform, "platform", "", "scan only this platform of a multi-platform image, e.g. linux/arm64 (default: every platform)")
	cmd.Flags().BoolVar(&insecure, "insecure", false, "allow registries over plain HTTP")
	cmd.Flags().StringVar(&maxLayerSize, "max-layer-size", defaultMaxLayerSize, "fail on a layer larger than this uncompressed; 0 for no limit")
	return cmd
}
