// Command genstore builds a large whosaid database for the search benchmarks: it reads the
// articles of a database made by 'whosaid ingest' (real articles analysed by the real
// pipeline) and writes copies of them (package synth: other outlets, dates, URLs and
// speakers, the same text) through the store's own PutBatch until the new database holds the
// number of statements asked for. It prints the time taken and the size of the result.
//
//	go run ./store/sqlite/internal/genstore -base base.db -db big.db [-statements 1000000]
//
// scripts/bench-search.sh makes the base database, runs this and measures search on the result.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/store/sqlite"
	"github.com/whosaid/whosaid/store/sqlite/internal/synth"
)

func main() {
	base := flag.String("base", "", "a database made by 'whosaid ingest', whose articles are copied")
	out := flag.String("db", "", "the database to write (must not exist)")
	target := flag.Int("statements", 1_000_000, "stop once the database holds this many statements")
	batch := flag.Int("batch", 200, "articles per transaction, as 'whosaid ingest --batch'")
	seed := flag.Uint64("seed", 1, "seed of the copies' outlets, dates and speakers")
	flag.Parse()
	if *base == "" || *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), *base, *out, *target, *batch, *seed); err != nil {
		fmt.Fprintf(os.Stderr, "genstore: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, basePath, outPath string, target, batch int, seed uint64) error {
	if _, err := os.Stat(outPath); err == nil {
		return fmt.Errorf("%s exists: give a new file", outPath)
	}
	arts, err := load(ctx, basePath)
	if err != nil {
		return fmt.Errorf("reading %s: %w", basePath, err)
	}
	g := synth.New(arts, seed)
	db, err := sqlite.Open(outPath)
	if err != nil {
		return err
	}
	defer db.Close()

	start, last := time.Now(), time.Now()
	n, stmts := 0, 0
	for stmts < target {
		b := make([]*store.Article, 0, batch)
		for len(b) < batch && stmts < target {
			a := g.Article(n)
			n++
			b = append(b, a)
			stmts += len(a.Statements)
		}
		res, err := db.PutBatch(ctx, b)
		if err != nil {
			return err
		}
		for i, r := range res {
			if r.Outcome != store.New {
				return fmt.Errorf("article %d (%s) was %v, not new: the copies must differ", n-len(b)+i, b[i].URL, r.Outcome)
			}
		}
		if time.Since(last) > 10*time.Second {
			last = time.Now()
			el := time.Since(start).Seconds()
			fmt.Fprintf(os.Stderr, "genstore: %d articles, %d statements in %.0f s (%.0f articles/s)\n", n, stmts, el, float64(n)/el)
		}
	}
	el := time.Since(start)
	c, err := db.Counts(ctx)
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil { // checkpoints the WAL into the database file
		return err
	}
	fi, err := os.Stat(outPath)
	if err != nil {
		return err
	}
	fmt.Printf("genstore: %s: %d articles (%d base articles copied), %d statements, %d speakers, %d entities\n",
		outPath, c.Articles, len(arts), c.Statements, c.Speakers, c.Entities)
	fmt.Printf("genstore: written in %.1f s (%.0f articles/s, %.0f statements/s); database file %.1f MB\n",
		el.Seconds(), float64(c.Articles)/el.Seconds(), float64(c.Statements)/el.Seconds(), float64(fi.Size())/1e6)
	return nil
}

// load reads every article of the database at path, in the order of their IDs.
func load(ctx context.Context, path string) ([]*store.Article, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	rows, err := raw.QueryContext(ctx, `SELECT id FROM articles ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, errors.New("no articles")
	}
	db, err := sqlite.Open(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	arts := make([]*store.Article, 0, len(ids))
	for _, id := range ids {
		a, err := db.Article(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("article %d: %w", id, err)
		}
		arts = append(arts, a)
	}
	return arts, nil
}
