package entity_test

import (
	"fmt"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/entity"
	"github.com/whosaid/whosaid/tokenize"
)

// The article is made up for the example.
func Example() {
	d := &document.Doc{Text: "Bridge delayed\n\n" +
		"Eastport Mayor Jane Alder said the Harbour Bridge would open in May. " +
		"The Federal Transit Agency (FTA) disagreed. Alder said the FTA was wrong."}
	tokenize.New().Tokenize(d)
	entity.New(nil).Find(d)
	for _, e := range d.Entities {
		fmt.Printf("%s (%s): %d mentions\n", e.Name, e.Type, len(e.Mentions))
	}
	// Output:
	// Jane Alder (person): 2 mentions
	// Harbour Bridge (place): 1 mentions
	// Federal Transit Agency (organization): 3 mentions
}
