package bystart

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// item is a span with an identity, so that an order among items that start together shows.
type item struct{ start, end, id int }

func startOf(it *item) int { return it.start }

// TestSort checks that Sort puts items in the order slices.SortFunc puts them, for items with
// distinct starts and with shared ones, reusing one Sorter.
func TestSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var x Sorter[item]
	for n := 0; n < 300; n++ {
		size, span := rng.IntN(60), 1+rng.IntN(400) // a small span makes shared starts likely
		var s []item
		for id := range size {
			start := rng.IntN(span)
			s = append(s, item{start, start + 1 + rng.IntN(9), id})
		}
		want := slices.Clone(s)
		slices.SortFunc(want, func(a, b item) int { return a.start - b.start })
		x.Sort(s, startOf)
		if !slices.Equal(s, want) {
			t.Fatalf("Sort = %v, want %v", s, want)
		}
	}
}

// TestSortNegative checks the fallback for starts that do not fit a key.
func TestSortNegative(t *testing.T) {
	s := []item{{5, 6, 0}, {-1, 0, 1}, {3, 4, 2}}
	var x Sorter[item]
	x.Sort(s, startOf)
	if want := []item{{-1, 0, 1}, {3, 4, 2}, {5, 6, 0}}; !slices.Equal(s, want) {
		t.Errorf("Sort = %v, want %v", s, want)
	}
}

func ExampleSorter() {
	mentions := []item{{40, 45, 0}, {3, 9, 1}, {17, 20, 2}}
	var x Sorter[item]
	x.Sort(mentions, func(m *item) int { return m.start })
	fmt.Println(mentions)
	// Output: [{3 9 1} {17 20 2} {40 45 0}]
}
