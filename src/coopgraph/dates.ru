# Day bounds of coarse dates (see "Day bounds" in ontology/coopgraph.ttl).
# For every date property P that the ontology maps with coop:earliestDayProperty and
# coop:latestDayProperty, and every value of P that is an xsd:date, xsd:gYearMonth or xsd:gYear,
# add the earliest and the latest day the value can mean, as xsd:date. Run once per load.
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT {
  ?thing ?earliestProperty ?earliest .
  ?thing ?latestProperty ?latest .
}
WHERE {
  ?dateProperty coop:earliestDayProperty ?earliestProperty .
  ?dateProperty coop:latestDayProperty ?latestProperty .
  ?thing ?dateProperty ?value .
  BIND(DATATYPE(?value) AS ?type)
  FILTER(?type IN (xsd:date, xsd:gYearMonth, xsd:gYear))
  BIND(STR(?value) AS ?text)
  BIND(xsd:integer(SUBSTR(?text, 1, 4)) AS ?year)
  BIND(IF(?type = xsd:gYear, 12, xsd:integer(SUBSTR(?text, 6, 2))) AS ?lastMonth)
  BIND(?year - 4 * xsd:integer(FLOOR(?year / 4)) = 0
       && (?year - 100 * xsd:integer(FLOOR(?year / 100)) != 0
           || ?year - 400 * xsd:integer(FLOOR(?year / 400)) = 0) AS ?leap)
  BIND(IF(?lastMonth = 2, IF(?leap, 29, 28),
       IF(?lastMonth IN (4, 6, 9, 11), 30, 31)) AS ?lastDay)
  BIND(IF(?type = xsd:date, ?value,
       xsd:date(IF(?type = xsd:gYear, CONCAT(?text, "-01-01"), CONCAT(?text, "-01"))))
       AS ?earliest)
  BIND(IF(?type = xsd:date, ?value,
       xsd:date(CONCAT(SUBSTR(?text, 1, 4), "-",
                       IF(?lastMonth < 10, "0", ""), STR(?lastMonth), "-", STR(?lastDay))))
       AS ?latest)
}
