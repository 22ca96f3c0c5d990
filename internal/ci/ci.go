// Package ci recognises the CI system a scan runs in from its environment
// and works out exactly which commits the pipeline brings in.
package ci

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/leakhound/leakhound/internal/gitrange"
)

// Env reads environment variables (os.Getenv outside tests).
type Env func(string) string

// Range is what a pipeline brings in: the commits reachable from Head and
// not from Base. An empty Base means "not known yet": the caller falls
// back to the merge base with the default branch.
type Range struct {
	System string
	Event  string // push, pull_request, merge_request...
	Base   string // a commit or ref; "" when unknown
	Head   string
	// OtherHead stands for Head when Head is not in the clone: the two
	// commits a pull request can be checked out as.
	OtherHead string
	// BaseIsBranch says Base names a target branch (a pull request's), to
	// be compared through the merge base.
	BaseIsBranch bool
	// Tag says the run is for a tag: with no base, a tag of a commit the
	// default branch has brings nothing new.
	Tag bool
}

// ErrNotCI is returned when no supported CI system is recognised.
var ErrNotCI = errors.New("no CI system recognised (GitHub Actions, GitLab CI, CircleCI, Travis CI, Jenkins, Bitbucket Pipelines, Azure Pipelines, Drone)")

// Detect returns the pipeline's range from its environment.
func Detect(env Env) (Range, error) {
	switch {
	case env("GITHUB_ACTIONS") == "true":
		return github(env)
	case env("GITLAB_CI") == "true":
		return gitlab(env), nil
	case env("CIRCLECI") == "true":
		return Range{System: "CircleCI", Event: "push", Head: env("CIRCLE_SHA1"), Tag: env("CIRCLE_TAG") != ""}, nil
	case env("TRAVIS") == "true":
		return travis(env), nil
	case env("JENKINS_URL") != "":
		return jenkins(env), nil
	case env("BITBUCKET_BUILD_NUMBER") != "":
		return bitbucket(env), nil
	case strings.EqualFold(env("TF_BUILD"), "true"):
		return azure(env), nil
	case env("DRONE") == "true":
		return drone(env), nil
	}
	return Range{}, ErrNotCI
}

// github reads the event payload: push has before/after, pull_request the
// base and head commits (docs.github.com/en/webhooks/webhook-events-and-payloads).
func github(env Env) (Range, error) {
	r := Range{System: "GitHub Actions", Event: env("GITHUB_EVENT_NAME"), Head: env("GITHUB_SHA"), Tag: env("GITHUB_REF_TYPE") == "tag" || strings.HasPrefix(env("GITHUB_REF"), "refs/tags/")}
	path := env("GITHUB_EVENT_PATH")
	if path == "" {
		return r, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return r, fmt.Errorf("reading GITHUB_EVENT_PATH: %w", err)
	}
	var ev struct {
		Before      string `json:"before"`
		After       string `json:"after"`
		PullRequest *struct {
			Base struct {
				SHA string `json:"sha"`
			} `json:"base"`
			Head struct {
				SHA string `json:"sha"`
			} `json:"head"`
		} `json:"pull_request"`
	}
	if err := json.Unmarshal(data, &ev); err != nil {
		return r, fmt.Errorf("GITHUB_EVENT_PATH is not an event payload: %w", err)
	}
	switch {
	case ev.PullRequest != nil:
		r.Base, r.Head, r.BaseIsBranch = ev.PullRequest.Base.SHA, ev.PullRequest.Head.SHA, true
		// On pull_request, GITHUB_SHA is the merge commit GitHub made
		// (refs/pull/N/merge), which actions/checkout checks out one
		// commit deep by default: the head is then not in the clone, and
		// the merge commit's history holds the same commits. (On
		// pull_request_target GITHUB_SHA is the base branch's tip, which
		// would scan nothing: the head alone serves there.)
		if sha := env("GITHUB_SHA"); r.Event == "pull_request" && sha != "" && sha != r.Head {
			r.OtherHead = sha
		}
	default:
		if ev.After != "" {
			r.Head = ev.After
		}
		if !gitrange.IsZero(ev.Before) {
			r.Base = ev.Before
		}
	}
	return r, nil
}

// gitlab: merge request pipelines carry the diff base; branch pipelines
// the previous tip (docs.gitlab.com/ci/variables/predefined_variables).
func gitlab(env Env) Range {
	r := Range{System: "GitLab CI", Event: env("CI_PIPELINE_SOURCE"), Head: env("CI_COMMIT_SHA"), Tag: env("CI_COMMIT_TAG") != ""}
	if base := env("CI_MERGE_REQUEST_DIFF_BASE_SHA"); base != "" {
		r.Base, r.BaseIsBranch = base, true
		return r
	}
	if before := env("CI_COMMIT_BEFORE_SHA"); before != "" && !gitrange.IsZero(before) {
		r.Base = before
	}
	return r
}

// travis: TRAVIS_COMMIT_RANGE is "A...B" (docs.travis-ci.com/user/environment-variables).
func travis(env Env) Range {
	r := Range{System: "Travis CI", Event: env("TRAVIS_EVENT_TYPE"), Head: env("TRAVIS_COMMIT"), Tag: env("TRAVIS_TAG") != ""}
	if pr := env("TRAVIS_PULL_REQUEST_SHA"); pr != "" {
		r.Head = pr
	}
	if cr := env("TRAVIS_COMMIT_RANGE"); strings.Contains(cr, "...") {
		base := strings.SplitN(cr, "...", 2)[0]
		if !gitrange.IsZero(base) {
			r.Base = base
		}
	}
	if r.Base == "" && env("TRAVIS_PULL_REQUEST") != "" && env("TRAVIS_PULL_REQUEST") != "false" {
		r.Base, r.BaseIsBranch = "origin/"+env("TRAVIS_BRANCH"), true
	}
	return r
}

// jenkins: the git plugin sets GIT_PREVIOUS_SUCCESSFUL_COMMIT; multibranch
// pull requests set CHANGE_TARGET. GIT_PREVIOUS_COMMIT, the last build's
// whatever its result, is no base: after a build failed on a secret, the
// next would start past the commit that holds it.
func jenkins(env Env) Range {
	r := Range{System: "Jenkins", Event: "push", Head: env("GIT_COMMIT"), Tag: env("TAG_NAME") != ""}
	if target := env("CHANGE_TARGET"); target != "" {
		r.Event, r.Base, r.BaseIsBranch = "pull_request", "origin/"+target, true
		return r
	}
	if prev := env("GIT_PREVIOUS_SUCCESSFUL_COMMIT"); prev != "" && prev != r.Head {
		r.Base = prev
	}
	return r
}

// bitbucket: pull request pipelines name the destination branch
// (support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets).
func bitbucket(env Env) Range {
	r := Range{System: "Bitbucket Pipelines", Event: "push", Head: env("BITBUCKET_COMMIT"), Tag: env("BITBUCKET_TAG") != ""}
	if dest := env("BITBUCKET_PR_DESTINATION_BRANCH"); dest != "" {
		r.Event, r.Base, r.BaseIsBranch = "pull_request", "origin/"+dest, true
	}
	return r
}

// azure: pull request builds name the target branch as refs/heads/x
// (learn.microsoft.com/azure/devops/pipelines/build/variables).
func azure(env Env) Range {
	r := Range{System: "Azure Pipelines", Event: env("BUILD_REASON"), Head: env("BUILD_SOURCEVERSION"), Tag: strings.HasPrefix(env("BUILD_SOURCEBRANCH"), "refs/tags/")}
	if target := env("SYSTEM_PULLREQUEST_TARGETBRANCH"); target != "" {
		r.Base, r.BaseIsBranch = "origin/"+strings.TrimPrefix(target, "refs/heads/"), true
	}
	return r
}

// drone: DRONE_COMMIT_BEFORE and DRONE_COMMIT_AFTER (docs.drone.io/pipeline/environment/reference).
func drone(env Env) Range {
	r := Range{System: "Drone", Event: env("DRONE_BUILD_EVENT"), Head: env("DRONE_COMMIT_AFTER"), Tag: env("DRONE_TAG") != ""}
	if r.Head == "" {
		r.Head = env("DRONE_COMMIT_SHA")
	}
	if r.Event == "pull_request" && env("DRONE_TARGET_BRANCH") != "" {
		r.Base, r.BaseIsBranch = "origin/"+env("DRONE_TARGET_BRANCH"), true
		return r
	}
	if before := env("DRONE_COMMIT_BEFORE"); before != "" && !gitrange.IsZero(before) {
		r.Base = before
	}
	return r
}

// Fetcher brings missing history into a clone.
type Fetcher interface {
	// Deepen fetches more of the clone's history; an error once there is
	// none left to fetch.
	Deepen(context.Context) error
	// FetchBranch fetches a remote-tracking branch (origin/main).
	FetchBranch(ctx context.Context, ref string) error
}

// Resolve turns a Range into git log arguments in repo, fetching a target
// branch the clone lacks and deepening a shallow clone when the base is
// not there yet (fetch nil fetches nothing), and falling back to the
// merge base with the default branch when there is no usable base (a new
// branch, a force push whose old tip is gone). The plan's description says
// which range was scanned and why.
func Resolve(ctx context.Context, repo gitrange.Repo, r Range, fetch Fetcher) (gitrange.Plan, error) {
	plan, err := resolve(ctx, repo, r, fetch)
	if err != nil || fetch == nil {
		return plan, err
	}
	// The base can be there and the range still run past the clone's
	// boundary: a merge brings in a branch's older commits. Deepen until
	// it does not (a scan reaching the boundary is incomplete).
	deepened := false
	for i := 0; i < 8 && repo.ReachesShallow(ctx, plan.Revs); i++ {
		if fetch.Deepen(ctx) != nil {
			break
		}
		deepened = true
	}
	if deepened {
		plan.Description += " (deepened the shallow clone to hold the whole range)"
	}
	return plan, nil
}

// resolve is Resolve without the last deepening.
func resolve(ctx context.Context, repo gitrange.Repo, r Range, fetch Fetcher) (gitrange.Plan, error) {
	head := r.Head
	if head == "" {
		head = "HEAD"
	}
	if !repo.HasCommit(ctx, head) && r.OtherHead != "" && repo.HasCommit(ctx, r.OtherHead) {
		head = r.OtherHead
	}
	if !repo.HasCommit(ctx, head) {
		return gitrange.Plan{}, fmt.Errorf("%s: head commit %s is not in the clone", r.System, head)
	}
	why := ""
	// A target branch is reached when the head's history meets it, not
	// when its tip is there: a pull request's base tip comes with the
	// first fetch, and its merge base with a one-commit-deep head only
	// after deepening.
	reached := func() bool {
		if !repo.HasCommit(ctx, r.Base) {
			return false
		}
		if !r.BaseIsBranch {
			return true
		}
		_, err := repo.MergeBase(ctx, r.Base, head)
		return err == nil
	}
	if r.Base != "" && !reached() && fetch != nil {
		// CI systems clone the branch they build: a target branch is
		// fetched by name.
		if r.BaseIsBranch && !repo.HasCommit(ctx, r.Base) {
			_ = fetch.FetchBranch(ctx, r.Base) // a base still missing is said below
		}
		// Shallow clones (the default in most CI systems) lack the base:
		// fetch more history until it appears or there is none left.
		for i := 0; i < 8 && !reached(); i++ {
			if err := fetch.Deepen(ctx); err != nil {
				break
			}
		}
		if reached() {
			why = " (deepened the shallow clone to reach the base)"
		}
	}
	base := r.Base
	if base != "" && !repo.HasCommit(ctx, base) {
		why = fmt.Sprintf(" (base %s is not in the clone, a force push or a too-shallow clone)", short(base))
		base = ""
	}
	if base != "" && r.BaseIsBranch {
		if mb, err := repo.MergeBase(ctx, base, head); err == nil {
			base = mb
		}
	}
	if base == "" {
		def, mb := fallbackBase(ctx, repo, head)
		// A shallow clone of a new branch may lack the default branch, or
		// the commits where the head meets it: deepen until they meet
		// (a named base missing was deepened for already).
		for i := 0; mb == "" && r.Base == "" && fetch != nil && i < 8; i++ {
			if fetch.Deepen(ctx) != nil {
				break
			}
			def, mb = fallbackBase(ctx, repo, head)
		}
		if mb == head && !(r.Tag && r.Base == "") {
			// The head is on the default branch: the fallback range is
			// empty, and scanning it would pass the run's commits
			// unread. Its whole history holds them (a shallow clone's,
			// cut short, makes the scan incomplete).
			if why == "" {
				why = " (no previous commit known)"
			}
			why += fmt.Sprintf(", and %s is on %s already", short(head), def)
			mb = ""
		}
		if mb != "" {
			if why == "" {
				why = " (no previous commit known: a new branch or the first run)"
			}
			return gitrange.Plan{
				Revs: []string{head, "^" + mb}, Base: mb, Tips: []string{head},
				Description: fmt.Sprintf("%s %s: %s..%s, from the merge base with %s%s", r.System, r.Event, short(mb), short(head), def, why),
			}, nil
		}
		return gitrange.Plan{
			Revs: []string{head}, Tips: []string{head},
			Description: fmt.Sprintf("%s %s: the whole history of %s, no base found%s", r.System, r.Event, short(head), why),
		}, nil
	}
	return gitrange.Plan{
		Revs: []string{head, "^" + base}, Base: base, Tips: []string{head},
		Description: fmt.Sprintf("%s %s: %s..%s%s", r.System, r.Event, short(base), short(head), why),
	}, nil
}

// fallbackBase is the default branch and its merge base with head; mb is
// "" when there is none (no default branch, or none in common).
func fallbackBase(ctx context.Context, repo gitrange.Repo, head string) (def, mb string) {
	def, err := repo.DefaultBranch(ctx)
	if err != nil {
		return "", ""
	}
	if mb, err = repo.MergeBase(ctx, def, head); err != nil {
		return def, ""
	}
	return def, mb
}

func short(s string) string {
	if len(s) > 12 && !strings.Contains(s, "/") {
		return s[:12]
	}
	return s
}
