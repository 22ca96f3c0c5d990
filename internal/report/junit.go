package report

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/leakhound/leakhound/internal/finding"
)

// JUnit XML, as CI systems (Jenkins, GitLab, Azure, CircleCI) display test
// results: one failing test case per place of a finding, one passing case
// when clean.

type junitSuites struct {
	XMLName xml.Name   `xml:"testsuites"`
	Suites  []junitSet `xml:"testsuite"`
}

type junitSet struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, r *Report) error {
	places := finding.Flatten(r.Findings) // a failing case per place
	set := junitSet{Name: "leakhound secret scan", Tests: len(places), Failures: len(places)}
	for _, f := range places {
		text := fmt.Sprintf("%s found at %s:%d:%d (%s), fingerprint %s.", f.RuleName, f.Path, f.Line, f.Column, f.Preview, f.Fingerprint)
		if f.Commit != "" {
			text += fmt.Sprintf(" Introduced in commit %s by %s.", f.Commit, f.Author)
		}
		if detail := findingDetail(f.Location); detail != "" {
			text += " Confidence: " + detail + "."
		}
		if f.Validity != "" {
			text += fmt.Sprintf(" Validity: %s (%s, checked %s).", f.Validity, f.ValidityReason, f.ValidatedAt.UTC().Format("2006-01-02T15:04:05Z"))
		}
		text += " Rotate it, then remove it from the code: leakhound explain " + f.RuleID
		set.Cases = append(set.Cases, junitCase{
			Classname: f.Path,
			Name:      fmt.Sprintf("%s at %s:%d", f.RuleID, f.Path, f.Line),
			Failure:   &junitFailure{Message: f.RuleName + " leaked", Type: f.Severity, Text: text},
		})
	}
	if len(r.Findings) == 0 {
		set.Tests = 1
		set.Cases = []junitCase{{Classname: "leakhound", Name: "no secrets found"}}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(junitSuites{Suites: []junitSet{set}}); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
