package sqlite

import (
	"path/filepath"
	"testing"
)

// TestOpenWithCache checks that the page cache asked for is the connection's.
func TestOpenWithCache(t *testing.T) {
	for _, c := range []struct {
		opt  Options
		want int
	}{
		{Options{}, -DefaultCacheKiB},
		{Options{CacheKiB: IngestCacheKiB}, -IngestCacheKiB},
		{Options{CacheKiB: -5}, -DefaultCacheKiB},
	} {
		db, err := OpenWith(filepath.Join(t.TempDir(), "w.db"), c.opt)
		if err != nil {
			t.Fatal(err)
		}
		var got int
		if err := db.db.QueryRow(`PRAGMA cache_size`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if got != c.want {
			t.Errorf("OpenWith(%+v): cache_size %d, want %d", c.opt, got, c.want)
		}
	}
}
