package corpus

import (
	"fmt"
	"strconv"
	"strings"
)

// lang writes statements of one programming or build language.
type lang struct {
	id      string
	comment string // line comment marker
	// Ways to bind a name to a value: the name's style and a template where
	// %n is the name and %v the literal or expression.
	assigns []binding
	quote   func(g gen, v string) string
	// object writes a nested literal (a config map) bound to name.
	object func(s keyStyle, name string, es []*entry, quote func(string) string) []string
	// filler are neutral statements; header/footer wrap the body.
	filler []string
	header func(svc string) []string
	footer []string
	indent string // of body lines inside the wrapper
}

type binding struct {
	style keyStyle
	tmpl  string
}

func (b binding) write(name []string, lit string) string {
	return strings.NewReplacer("%n", b.style.join(name), "%v", lit).Replace(b.tmpl)
}

func dq(_ gen, v string) string { return strconv.Quote(v) }
func sqOrDq(g gen, v string) string {
	if !strings.ContainsAny(v, `'\`) && g.chance(50) {
		return "'" + v + "'"
	}
	return jsonString(v)
}
func bareOrQuoted(g gen, v string) string {
	if strings.ContainsAny(v, " #'\"$\\;&|<>()`*?!") || g.chance(30) {
		if !strings.Contains(v, "'") {
			return "'" + v + "'"
		}
		return jsonString(v)
	}
	return v
}

var langs = map[string]*lang{
	"go": {id: "go", comment: "//", indent: "\t",
		assigns: []binding{{camel, "%n := %v"}, {camel, "var %n = %v"}, {camel, "var %n string = %v"}, {pascal, "const %n = %v"}},
		quote: func(g gen, v string) string {
			if !strings.ContainsAny(v, "`\n") && g.chance(15) {
				return "`" + v + "`"
			}
			return strconv.Quote(v)
		},
		object: func(s keyStyle, name string, es []*entry, q func(string) string) []string {
			out := []string{name + " := map[string]any{"}
			out = append(out, codeMap(es, s, "\t", q, "%q: ", ",", "map[string]any{", "}")...)
			return append(out, "}", "_ = "+name)
		},
		filler: []string{"http.DefaultClient.Timeout = 30 * time.Second", `log.Printf("starting worker pool")`, "log.SetFlags(log.LstdFlags | log.Lshortfile)", `http.HandleFunc("/healthz", healthz)`, "time.Sleep(10 * time.Millisecond)"},
		header: func(svc string) []string {
			return []string{"package " + strings.ReplaceAll(svc, "-", ""), "", "import (", "\t\"log\"", "\t\"net/http\"", "\t\"time\"", ")", "", "func setup() {"}
		},
		footer: []string{"}"}},
	"py": {id: "py", comment: "#",
		assigns: []binding{{upperSnake, "%n = %v"}, {snake, "%n = %v"}, {snake, "%n: str = %v"}, {snake, `settings["%n"] = %v`}, {upperSnake, `os.environ.setdefault("%n", %v)`}},
		quote:   sqOrDq,
		object: func(s keyStyle, name string, es []*entry, q func(string) string) []string {
			out := []string{strings.ToUpper(name) + " = {"}
			out = append(out, codeMap(es, s, "    ", q, "%q: ", ",", "{", "}")...)
			return append(out, "}")
		},
		filler: []string{"TIMEOUT = 30", `logger.info("starting worker")`, "MAX_RETRIES = 5", "BATCH_SIZE = 500", "DEBUG = False", `ALLOWED_HOSTS = ["app.acme-corp.net"]`, `TIME_ZONE = "Europe/Berlin"`},
		header: func(string) []string {
			return []string{"import logging", "import os", "", "logger = logging.getLogger(__name__)", "settings = {}", ""}
		}},
	"js": {id: "js", comment: "//",
		assigns: []binding{{camel, "const %n = %v;"}, {camel, "let %n = %v;"}, {upperSnake, "var %n = %v;"}, {camel, "module.exports.%n = %v;"}, {upperSnake, "process.env.%n = %v;"}},
		quote:   sqOrDq,
		object: func(s keyStyle, name string, es []*entry, q func(string) string) []string {
			out := []string{"const " + name + " = {"}
			out = append(out, codeMap(es, s, "  ", q, "%s: ", ",", "{", "}")...)
			return append(out, "};")
		},
		filler: []string{"const PORT = process.env.PORT || 3000;", `const app = express();`, `app.use(express.json());`, "const MAX_RETRIES = 5;", `console.log("worker started");`, "let inFlight = 0;"},
		header: func(string) []string {
			return []string{`"use strict";`, "", `const express = require("express");`, ""}
		}},
	"ts": {id: "ts", comment: "//",
		assigns: []binding{{camel, "const %n: string = %v;"}, {upperSnake, "export const %n = %v;"}, {camel, "export const %n: string = %v;"}, {camel, "let %n: string | undefined = %v;"}},
		quote:   sqOrDq,
		object: func(s keyStyle, name string, es []*entry, q func(string) string) []string {
			out := []string{"export const " + name + " = {"}
			out = append(out, codeMap(es, s, "  ", q, "%s: ", ",", "{", "}")...)
			return append(out, "} as const;")
		},
		filler: []string{"const PORT: number = Number(process.env.PORT ?? 3000);", "const logger = new Logger(\"app\");", "export const MAX_RETRIES = 5;", "let inFlight = 0;", `logger.info("ready");`},
		header: func(string) []string {
			return []string{`import { Logger } from "./logger";`, ""}
		}},
	"java": {id: "java", comment: "//", indent: "    ",
		assigns: []binding{{upperSnake, "private static final String %n = %v;"}, {upperSnake, "public static final String %n = %v;"}, {camel, "private String %n = %v;"}, {camel, "private final String %n = %v;"}},
		quote:   dq,
		object: func(s keyStyle, name string, es []*entry, q func(string) string) []string {
			out := []string{"private static final Map<String, Object> " + strings.ToUpper(name) + " = Map.of("}
			out = append(out, codeCall(es, s, "    ", q, "Map.of(")...)
			return append(out, ");")
		},
		filler: []string{"private static final int TIMEOUT_SECONDS = 30;", "private static final Logger LOG = LoggerFactory.getLogger(AppConfig.class);", "private int maxRetries = 5;", "private final Duration readTimeout = Duration.ofSeconds(15);"},
		header: func(svc string) []string {
			return []string{"package com.acme." + strings.ReplaceAll(svc, "-", "") + ";", "", "import java.time.Duration;", "import java.util.Map;", "", "public class AppConfig {"}
		},
		footer: []string{"}"}},
	"cs": {id: "cs", comment: "//", indent: "    ",
		assigns: []binding{{pascal, "private const string %n = %v;"}, {pascal, "public static readonly string %n = %v;"}, {pascal, "public string %n { get; set; } = %v;"}, {camel, "private readonly string _%n = %v;"}},
		quote:   dq,
		object: func(s keyStyle, name string, es []*entry, q func(string) string) []string {
			out := []string{"private static readonly Dictionary<string, object> " + pascal.join(strings.Fields(name)) + " = new()", "{"}
			out = append(out, codeMap(es, pascal, "    ", q, "[%q] = ", ",", "new Dictionary<string, object>\n{", "}")...)
			return append(out, "};")
		},
		filler: []string{"private const int TimeoutSeconds = 30;", "private readonly ILogger<AppSettings> _logger;", "public int MaxRetries { get; set; } = 5;", "public string Region { get; set; } = \"westeurope\";"},
		header: func(svc string) []string {
			return []string{"using System;", "using System.Collections.Generic;", "", "namespace Acme." + pascal.join(strings.Split(svc, "-")) + ";", "", "public class AppSettings", "{"}
		},
		footer: []string{"}"}},
	"php": {id: "php", comment: "//",
		assigns: []binding{{snake, "$%n = %v;"}, {upperSnake, "define('%n', %v);"}, {upperSnake, "const %n = %v;"}, {snake, "$config['%n'] = %v;"}},
		quote: func(g gen, v string) string {
			if !strings.ContainsAny(v, `'\`) {
				return "'" + v + "'"
			}
			return strconv.Quote(strings.ReplaceAll(v, "$", `\$`))
		},
		object: func(s keyStyle, name string, es []*entry, q func(string) string) []string {
			out := []string{"$" + name + " = ["}
			out = append(out, codeMap(es, s, "    ", q, "'%s' => ", ",", "[", "]")...)
			return append(out, "];")
		},
		filler: []string{"$timeout = 30;", "$logger = new Logger('app');", "$maxRetries = 5;", "date_default_timezone_set('Europe/Berlin');", "$config = [];"},
		header: func(string) []string { return []string{"<?php", "", "declare(strict_types=1);", ""} }},
	"rb": {id: "rb", comment: "#",
		assigns: []binding{{upperSnake, "%n = %v"}, {snake, "%n = %v"}, {snake, "config.%n = %v"}, {upperSnake, "ENV['%n'] ||= %v"}},
		quote:   sqOrDq,
		object: func(s keyStyle, name string, es []*entry, q func(string) string) []string {
			out := []string{strings.ToUpper(name) + " = {"}
			out = append(out, codeMap(es, s, "  ", q, "%s: ", ",", "{", "}")...)
			return append(out, "}.freeze")
		},
		filler: []string{"TIMEOUT = 30", "logger = Logger.new($stdout)", "MAX_RETRIES = 5", "config = OpenStruct.new", `logger.info("boot")`},
		header: func(string) []string { return []string{"require 'logger'", "require 'ostruct'", ""} }},
	"sh": {id: "sh", comment: "#",
		assigns: []binding{{upperSnake, "%n=%v"}, {upperSnake, "export %n=%v"}, {upperSnake, "readonly %n=%v"}, {upperSnake, "declare -x %n=%v"}},
		quote:   bareOrQuoted,
		filler:  []string{`echo "deploying ${APP_NAME:-app}"`, "TIMEOUT=30", "cd \"$(dirname \"$0\")\"", "mkdir -p build", "RETRIES=5", "LOG_LEVEL=info"},
		header:  func(string) []string { return []string{"#!/usr/bin/env bash", "set -euo pipefail", ""} }},
	"makefile": {id: "makefile", comment: "#",
		assigns: []binding{{upperSnake, "%n = %v"}, {upperSnake, "%n := %v"}, {upperSnake, "%n ?= %v"}, {upperSnake, "export %n = %v"}, {upperSnake, "%n ::= %v"}, {upperSnake, "%n :::= %v"}},
		quote:   func(_ gen, v string) string { return v },
		filler:  []string{"GO ?= go", "BINARY := app", "VERSION ?= 1.4.2", "LDFLAGS := -s -w", "TIMEOUT ?= 30"},
		header:  func(string) []string { return nil },
		footer:  []string{"", ".PHONY: build deploy", "build:", "\t$(GO) build -ldflags \"$(LDFLAGS)\" -o bin/$(BINARY) ./cmd/$(BINARY)", "", "deploy: build", "\t./scripts/deploy.sh"}},
	"dockerfile": {id: "dockerfile", comment: "#",
		assigns: []binding{{upperSnake, "ENV %n=%v"}, {upperSnake, "ENV %n %v"}, {upperSnake, "ARG %n=%v"}},
		quote: func(g gen, v string) string {
			if strings.ContainsAny(v, " '\"$\\#") || g.chance(30) {
				return jsonString(v)
			}
			return v
		},
		filler: []string{"ENV NODE_ENV=production", "EXPOSE 8080", "RUN apk add --no-cache curl tini", "ENV PORT=8080", "USER node"},
		header: func(string) []string { return []string{"FROM node:20-alpine", "WORKDIR /app", "COPY package*.json ./"} },
		footer: []string{"COPY . .", "RUN npm ci --omit=dev", `ENTRYPOINT ["/sbin/tini", "--"]`, `CMD ["node", "server.js"]`}},
}

// Languages only the generic families use, for one syntax each.
func init() {
	for _, l := range []*lang{
		{id: "r", comment: "#", assigns: []binding{{snake, "%n <- %v"}}, quote: dq,
			filler: []string{"library(DBI)", "options(stringsAsFactors = FALSE)", "timeout <- 30"}, header: func(string) []string { return []string{"# nightly export", ""} }},
		{id: "kt", comment: "//", assigns: []binding{{camel, "val %n: String = %v"}, {camel, "private const val %n = %v"}}, quote: dq,
			filler: []string{"private val log = LoggerFactory.getLogger(\"app\")", "val timeoutSeconds = 30"}, header: func(svc string) []string { return []string{"package com.acme." + strings.ReplaceAll(svc, "-", ""), ""} }},
		{id: "swift", comment: "//", assigns: []binding{{camel, "let %n: String = %v"}, {camel, "static let %n = %v"}}, quote: dq,
			filler: []string{"let timeout: TimeInterval = 30", "let session = URLSession.shared"}, header: func(string) []string { return []string{"import Foundation", ""} }},
		{id: "ps1", comment: "#", assigns: []binding{{pascal, "$%n = %v"}}, quote: func(_ gen, v string) string { return "'" + v + "'" },
			filler: []string{"$ErrorActionPreference = \"Stop\"", "Set-Location $PSScriptRoot", "Write-Host \"starting\"", "Import-Module ActiveDirectory"}, header: func(string) []string { return []string{"#Requires -Version 5.1", ""} }},
		{id: "bat", comment: "REM", assigns: []binding{{upperSnake, "set %n=%v"}}, quote: func(_ gen, v string) string { return v },
			filler: []string{"echo mapping drives", "setlocal", "cd /d %~dp0"}, header: func(string) []string { return []string{"@echo off"} }},
		{id: "c", comment: "//", assigns: []binding{{upperSnake, "#define %n %v"}, {snake, "static const char *%n = %v;"}}, quote: dq,
			filler: []string{"int timeout = 30;", "#include <stdlib.h>"}, header: func(string) []string { return []string{"#include <stdio.h>", ""} }},
		{id: "pl", comment: "#", assigns: []binding{{snake, "my $%n = %v;"}}, quote: func(_ gen, v string) string { return "'" + v + "'" },
			filler: []string{"use strict;", "use warnings;", "my $timeout = 30;"}, header: func(string) []string { return []string{"#!/usr/bin/perl", ""} }},
	} {
		langs[l.id] = l
	}
}

// codeLangs can hold every statement shape; shell-like ones only bindings.
var codeLangs = []string{"go", "py", "js", "ts", "java", "cs", "php", "rb"}

// codeMap writes nested map literals: keyFmt formats a key, open/close
// wrap a nested map.
func codeMap(es []*entry, s keyStyle, indent string, q func(string) string, keyFmt, sep, open, close string) []string {
	return codeMapStep(es, s, indent, indent, q, keyFmt, sep, open, close)
}

func codeMapStep(es []*entry, s keyStyle, indent, step string, q func(string) string, keyFmt, sep, open, close string) []string {
	var out []string
	for _, e := range es {
		k := fmt.Sprintf(keyFmt, e.name(s))
		if len(e.children) > 0 {
			opens := strings.Split(open, "\n")
			out = append(out, indent+k+opens[0])
			for _, o := range opens[1:] {
				out = append(out, indent+o)
			}
			out = append(out, codeMapStep(e.children, s, indent+step, step, q, keyFmt, sep, open, close)...)
			out = append(out, indent+close+sep)
			continue
		}
		l := indent + k + q(e.value) + sep
		if e.trailing != "" {
			l += " // " + e.trailing
		}
		out = append(out, l)
	}
	return out
}

// codeCall writes Java's Map.of(k, v, ...) nesting.
func codeCall(es []*entry, s keyStyle, indent string, q func(string) string, open string) []string {
	var out []string
	for i, e := range es {
		sep := ","
		if i == len(es)-1 {
			sep = ""
		}
		if len(e.children) > 0 {
			out = append(out, indent+strconv.Quote(e.name(s))+", "+open)
			out = append(out, codeCall(e.children, s, indent+"    ", q, open)...)
			out = append(out, indent+")"+sep)
			continue
		}
		out = append(out, indent+strconv.Quote(e.name(s))+", "+q(e.value)+sep)
	}
	return out
}

// wrapCode puts body lines into a file of language l, with neutral lines
// before and after so the case is not alone in its file.
func wrapCode(g gen, l *lang, svc string, body []string) []string {
	out := l.header(svc)
	// Distinct filler statements, some before the body and some after.
	perm := make([]int, len(l.filler))
	for i := range perm {
		j := g.IntN(i + 1)
		perm[i], perm[j] = perm[j], i
	}
	before, after := g.IntN(3), g.IntN(3)
	for _, i := range perm[:min(before, len(perm))] {
		out = append(out, l.indent+l.filler[i])
	}
	if len(out) > 0 && out[len(out)-1] != "" && l.indent == "" {
		out = append(out, "")
	}
	for _, b := range body {
		if b == "" {
			out = append(out, "")
			continue
		}
		out = append(out, indentLines(l.indent, b)...)
	}
	for _, i := range perm[min(before, len(perm)):min(before+after, len(perm))] {
		out = append(out, l.indent+l.filler[i])
	}
	return append(out, l.footer...)
}

func indentLines(indent, s string) []string {
	ls := strings.Split(s, "\n")
	for i := range ls {
		if ls[i] != "" {
			ls[i] = indent + ls[i]
		}
	}
	return ls
}

// fillerLines returns n neutral statements of l.
func (g gen) fillerLines(l *lang, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = l.filler[g.IntN(len(l.filler))]
	}
	return out
}
