package source

import (
	"bytes"
	"context"
	"math"
	"strconv"
	"strings"
	"time"
)

// TagMessagePrefix starts the path reported for a secret in an annotated
// tag's message: "(tag message: v1.2.0)".
const TagMessagePrefix = "(tag message"

// tagMessages sends the message and tagger of every annotated tag: git
// log lists the
// commits tags point to, not the tag objects, whose messages ("release
// notes, deploy with key ...") leak like commit messages. Each is placed
// at the commit its tag points to, after every commit in history order,
// so a secret also committed is attributed to its commit.
func (g *Git) tagMessages(ctx context.Context, jobs []chan blobJob) error {
	const sep = "\x00\x01\x00"
	out, err := g.output(ctx, "for-each-ref", "refs/tags",
		"--format=%(objecttype)%00%(refname:strip=2)%00%(*objectname)%00%(taggername)%00%(taggeremail)%00%(taggerdate:unix)%00%(contents)%00%01%00")
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	for _, rec := range bytes.Split(out, []byte(sep)) {
		f := strings.SplitN(strings.TrimLeft(string(rec), "\n"), "\x00", 7)
		if len(f) < 7 || f[0] != "tag" {
			continue // a lightweight tag has no message of its own
		}
		// The tagger is scanned with the message: push sends both.
		text := f[6] + "\ntagger " + f[3] + " " + f[4] + "\n"
		path := TagMessagePrefix + ": " + f[1] + ")"
		if g.Exclude.Match(path, false) {
			continue
		}
		secs, _ := strconv.ParseInt(f[5], 10, 64)
		c := &Commit{Hash: f[2], Author: f[3], Email: strings.Trim(f[4], "<>"), Date: time.Unix(secs, 0).UTC(), Seq: math.MaxInt32}
		if !sendJob(ctx, jobs, blobJob{path: path, commit: c, inline: []byte(text)}) {
			return ctx.Err()
		}
	}
	return nil
}
