// Command peakrss runs a command and prints its wall time, the CPU time
// of it and every process it waited for, and the peak of the summed
// resident memory of it and all its descendants at once (sampled from
// /proc every 20 ms): what a scan that starts git processes costs the
// machine, which the largest process's peak (time -f %M) understates.
//
//	peakrss [-o FILE] [-v] CMD ARGS...
//
// prints "wall_s cpu_s peak_rss_kb" to FILE (default standard error) and
// exits with the command's status; -v adds, on standard error, what the
// peak was made of: each process's command, and its resident memory split
// into anonymous and file-backed (a mapped pack) as /proc/PID/status
// gives them. Linux only.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	out := flag.String("o", "", "write the figures to this file instead of standard error")
	verbose := flag.Bool("v", false, "print the processes the peak was made of")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: peakrss [-o FILE] [-v] CMD ARGS...")
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		os.Exit(2)
	}
	done := make(chan struct{})
	peak := make(chan sample)
	go func() {
		var max sample
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			if s := treeRSS(cmd.Process.Pid); s.kb > max.kb {
				max = s
				if *verbose {
					// Described now, while the processes are there; only
					// a new peak is.
					max.describe()
				}
			}
			select {
			case <-done:
				peak <- max
				return
			case <-tick.C:
			}
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	close(done)
	at := <-peak
	maxKB := at.kb
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		os.Exit(2)
	}
	// The rusage of a waited-for process includes its own waited-for
	// children: git processes the scan started and reaped.
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	// A process that exited between samples may have peaked unseen: the
	// largest process's own peak is a floor for the sum.
	maxKB = max(maxKB, ru.Maxrss)
	if *verbose {
		fmt.Fprintf(os.Stderr, "peakrss: at the peak, %d KiB in %d processes:\n%s", at.kb, len(at.procs), strings.Join(at.procs, ""))
	}
	line := fmt.Sprintf("%.2f %.2f %d\n", wall.Seconds(), cpu.Seconds(), maxKB)
	if *out == "" {
		fmt.Fprint(os.Stderr, line)
	} else if err := os.WriteFile(*out, []byte(line), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

// pfForkNoExec is the kernel's flag for a process that forked and has
// not called exec (include/linux/sched.h).
const pfForkNoExec = 0x40

// sample is the resident memory, in KiB, of a process tree at one moment:
// its processes and theirs, and, once described, a line for each.
type sample struct {
	kb    int64
	pids  []int
	kbs   []int64
	procs []string
}

// describe writes the line of each process in s.
func (s *sample) describe() {
	s.procs = s.procs[:0]
	for i, pid := range s.pids {
		s.procs = append(s.procs, describeProcess(pid, s.kbs[i]))
	}
}

// treeRSS sums the resident memory of root and its descendants.
func treeRSS(root int) sample {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	parent := map[int]int{}
	// A process forked and not yet exec'd (PF_FORKNOEXEC) shares its
	// parent's pages (os/exec's children share its address space until
	// exec): counting it would count the parent twice.
	forked := map[int]bool{}
	for _, s := range stats {
		data, err := os.ReadFile(s)
		if err != nil {
			continue // exited meanwhile
		}
		// pid (comm) state ppid ...: comm may hold spaces and parentheses.
		i := strings.LastIndexByte(string(data), ')')
		f := strings.Fields(string(data[i+1:]))
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(s)))
		if len(f) > 1 {
			parent[pid], _ = strconv.Atoi(f[1])
		}
		if len(f) > 6 {
			flags, _ := strconv.ParseUint(f[6], 10, 64)
			forked[pid] = flags&pfForkNoExec != 0
		}
	}
	in := func(pid int) bool {
		for n := 0; pid > 1 && n < 64; n++ {
			if pid == root {
				return true
			}
			pid = parent[pid]
		}
		return false
	}
	page := int64(os.Getpagesize()) / 1024
	var s sample
	for pid := range parent {
		if !in(pid) || (forked[pid] && pid != root) {
			continue
		}
		data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
		f := strings.Fields(string(data))
		if err != nil || len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		s.kb += n * page
		s.pids, s.kbs = append(s.pids, pid), append(s.kbs, n*page)
	}
	return s
}

// describeProcess is one line of -v: pid, resident KiB, the anonymous and
// file-backed parts, and the command line.
func describeProcess(pid int, kb int64) string {
	dir := "/proc/" + strconv.Itoa(pid)
	status, _ := os.ReadFile(dir + "/status")
	field := func(name string) string {
		for _, line := range strings.Split(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, name+":"); ok {
				return strings.TrimSpace(v)
			}
		}
		return "?"
	}
	cmdline, _ := os.ReadFile(dir + "/cmdline")
	args := strings.ReplaceAll(strings.TrimRight(string(cmdline), "\x00"), "\x00", " ")
	if len(args) > 100 {
		args = args[:100] + "..."
	}
	return fmt.Sprintf("  %d %d KiB (anon %s, file %s): %s\n", pid, kb, field("RssAnon"), field("RssFile"), args)
}
