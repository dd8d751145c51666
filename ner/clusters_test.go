package ner

import "testing"

// TestClustersOfLower checks that OfLower finds a lower-cased word's clusters under its own
// form, then capitalised, then in capitals, as Of finds them.
func TestClustersOfLower(t *testing.T) {
	c := DefaultClusters()
	for _, tc := range []struct{ lower, want string }{
		{"said", "said"}, {"obama", "Obama"}, {"nato", "Nato"}, {"fbi", "FBI"}, {"u.s.", "U.S."}, {"2016", "2016"},
		{"“", "\""}, {"may", "may"},
	} {
		got, want := c.OfLower(tc.lower), c.Of(tc.want)
		if got != want || want[0] == 0 {
			t.Errorf("OfLower(%q) = %v, want %v (Of(%q))", tc.lower, got, want, tc.want)
		}
	}
	if got := c.OfLower("lambastingly"); got != ([ClusterLevels]uint16{}) {
		t.Errorf("OfLower of an unclustered word = %v", got)
	}
	if tg := Default(); tg.Clusters().Of("Obama") != c.Of("Obama") {
		t.Error("Default's clusters differ from DefaultClusters")
	}
}

// TestClustersClasses checks that the classes are distinct, nest level in level, and
// include a clustered word's.
func TestClustersClasses(t *testing.T) {
	c := DefaultClusters()
	cls := c.Classes()
	if len(cls) == 0 || len(cls) > ClusterSize(0) {
		t.Fatalf("%d classes", len(cls))
	}
	parent := map[uint16][ClusterLevels]uint16{}
	for _, ids := range cls {
		if p, ok := parent[ids[0]]; ok {
			t.Fatalf("finest class %d twice: %v and %v", ids[0], p, ids)
		}
		parent[ids[0]] = ids
	}
	if ids := c.Of("said"); parent[ids[0]] != ids {
		t.Errorf("said's classes %v not among the classes", ids)
	}
}
