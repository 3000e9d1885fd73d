/**
 * The one way the Truce Atlas is cited as text: its data set, named by what it shows and the date it
 * shows it as of (in the title), with the data version, the publisher, the retrieval date and the
 * permanent URL. Dates are ISO 8601 (YYYY-MM-DD), read the same in every language.
 * Kept in code (not a .csl file) so the bundled server carries it.
 */
export const CITATION_STYLE_CSL = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="en-GB">
  <info>
    <title>Truce Atlas data set</title>
    <id>truce-atlas</id>
    <updated>2026-01-01T00:00:00+00:00</updated>
  </info>
  <macro name="iso-date-accessed">
    <date variable="accessed">
      <date-part name="year"/>
      <date-part name="month" form="numeric-leading-zeros" prefix="-"/>
      <date-part name="day" form="numeric-leading-zeros" prefix="-"/>
    </date>
  </macro>
  <citation>
    <layout>
      <text variable="title"/>
    </layout>
  </citation>
  <bibliography>
    <layout>
      <group delimiter=". ">
        <names variable="author">
          <name/>
        </names>
        <text variable="title"/>
        <group delimiter=" ">
          <text value="Data set, version"/>
          <text variable="version"/>
        </group>
        <group delimiter=", ">
          <text variable="publisher"/>
          <date variable="issued">
            <date-part name="year"/>
          </date>
        </group>
        <group delimiter=" ">
          <text value="Retrieved"/>
          <text macro="iso-date-accessed"/>
          <text value="from"/>
          <text variable="URL"/>
        </group>
      </group>
    </layout>
  </bibliography>
</style>
`
