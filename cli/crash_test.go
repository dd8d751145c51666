package cli

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/whosaid/whosaid/store/sqlite" // the sqlite driver, for articleCount
)

// TestMain lets a test run the command line in a child process: the test binary, started
// again with WHOSAID_TEST_EXEC=1, is whosaid.
func TestMain(m *testing.M) {
	if os.Getenv("WHOSAID_TEST_EXEC") == "1" {
		os.Exit(Main(context.Background(), Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:]))
	}
	os.Exit(m.Run())
}

// whosaidCmd is the command whosaid ARGS in a child process.
func whosaidCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "WHOSAID_TEST_EXEC=1")
	return cmd
}

// crashCorpus writes n short invented articles as text files, with a few duplicates among
// them, and a JSON Lines file of articles with URLs, one URL given twice with different
// texts (the later replaces the earlier).
func crashCorpus(t *testing.T, n int) string {
	dir := t.TempDir()
	first := []string{"Jane", "Tom", "Priya", "Sam", "Ana", "Leo", "Mia", "Ruth", "Dev", "Kim", "Raj", "Ola"}
	last := []string{"Alder", "Reyes", "Nair", "Okafor", "Lima", "Grant", "Cole", "Bell", "Rao", "Novak", "Patel", "Berg"}
	topics := []string{"bridge", "library", "ferry", "market", "school", "harbour", "park", "road", "dam", "pool", "bus line"}
	towns := []string{"Eastport", "Northfield", "Hillside", "Westmere", "Southbay"}
	text := func(i int) string {
		who := first[i%len(first)] + " " + last[(i/len(first))%len(last)]
		other := first[(i+5)%len(first)] + " " + last[(i/3)%len(last)]
		topic, town := topics[i%len(topics)], towns[i%len(towns)]
		return fmt.Sprintf("%s council votes on the %s, plan %d\n\n"+
			"The %s council voted on Tuesday to spend %d thousand on the %s, %s said.\n\n"+
			"“We have waited %d years for this %s,” %s told reporters after the vote.\n\n"+
			"Not everyone agreed. “It is the wrong %s at the wrong time,” said %s, who sits on the council.\n",
			town, topic, i, town, 100+i, topic, who, 2+i%9, topic, who, topic, other)
	}
	for i := 0; i < n; i++ {
		body := text(i)
		if i%97 == 96 {
			body = text(i - 50) // the same article again under another name
		}
		write(t, dir, fmt.Sprintf("art/%03d/%05d.txt", i/100, i), body)
	}
	var jl strings.Builder
	for i := 0; i < 60; i++ {
		url := fmt.Sprintf("https://wire.example/%d", i%55) // five URLs come back with other texts
		fmt.Fprintf(&jl, `{"url": %q, "outlet": "Wire", "published": "2025-06-%02d", "text": %q}`+"\n", url, 1+i%28, text(n+i))
	}
	write(t, dir, "wire.jsonl", jl.String())
	return dir
}

// articleCount reads the number of articles at path without taking a lock that would hold
// up a writer: a read-only connection to the WAL database.
func articleCount(path string) int {
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return 0
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0
	}
	return n
}

// TestIngestKilled kills an ingest with SIGKILL in the middle of its run, twice, runs it
// again to the end, and checks that the database is the same as that of an ingest run at one
// go: committed batches are kept, the batch being written is lost whole, and the rerun skips
// what is stored and adds the rest.
func TestIngestKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts several child processes")
	}
	corpus := crashCorpus(t, 900)
	tmp := t.TempDir()
	args := func(db string) []string {
		return []string{"ingest", "--db", db, "--batch", "20", "--workers", "2", "--quiet", corpus}
	}

	ref := filepath.Join(tmp, "ref.db")
	if out, err := whosaidCmd(args(ref)...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted ingest: %v\n%s", err, out)
	}
	total := articleCount(ref)
	if total < 900 {
		t.Fatalf("the reference ingest stored %d articles", total)
	}

	db := filepath.Join(tmp, "killed.db")
	killAt := []int{60, 400}
	for round, at := range killAt {
		cmd := whosaidCmd(args(db)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		n, killed := 0, false
		deadline := time.Now().Add(60 * time.Second)
	poll:
		for time.Now().Before(deadline) {
			select {
			case err := <-exited:
				t.Fatalf("round %d: the ingest ended (%v) before it could be killed at %d articles (had %d)", round, err, at, n)
			case <-time.After(5 * time.Millisecond):
			}
			if n = articleCount(db); n >= at {
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				killed = true
				break poll
			}
		}
		if !killed {
			cmd.Process.Kill()
			t.Fatalf("round %d: %d articles after 60 s", round, n)
		}
		<-exited
		after := articleCount(db)
		t.Logf("round %d: killed with %d articles stored (of %d)", round, after, total)
		if after >= total {
			t.Fatalf("round %d: the kill came after the end (%d of %d articles)", round, after, total)
		}
	}
	out, err := whosaidCmd(append(args(db)[:len(args(db))-2], corpus)...).CombinedOutput()
	if err != nil {
		t.Fatalf("the ingest after the kills: %v\n%s", err, out)
	}
	if got, want := dumpDB(t, db), dumpDB(t, ref); got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("the database after kill -9 and rerun differs from the uninterrupted one at line %d:\n got %.300s\nwant %.300s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("the database after kill -9 and rerun differs from the uninterrupted one: %d lines, want %d", len(gl), len(wl))
	}
}
