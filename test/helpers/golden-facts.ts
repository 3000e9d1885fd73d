import type { Status } from '../../server/domain/statuses.ts'

/**
 * Key facts of the Syria dataset that must not change by accident: [zone slug, effective day, status
 * the zone entered that day]. Each is a dated row of the zone's history, as the sources give it.
 */
export const GOLDEN_STATUS_CHANGES: ReadonlyArray<readonly [zone: string, on: string, status: Status]> = [
  // The Astana memorandum of 4 May 2017 designated the four zones.
  ['idlib-de-escalation-zone', '2017-05-04', 'proposed'],
  ['northern-homs-de-escalation-zone', '2017-05-04', 'proposed'],
  ['eastern-ghouta-de-escalation-zone', '2017-05-04', 'proposed'],
  ['south-west-de-escalation-zone', '2017-05-04', 'proposed'],
  ['idlib-de-escalation-zone', '2017-09-15', 'agreed'],
  // The US-Russia-Jordan memorandum of 7 July 2017 and its ceasefire of 9 July.
  ['south-west-de-escalation-zone', '2017-07-07', 'agreed'],
  ['south-west-de-escalation-zone', '2017-07-09', 'active'],
  ['eastern-ghouta-de-escalation-zone', '2017-07-22', 'active'],
  ['northern-homs-de-escalation-zone', '2017-08-03', 'active'],
  ['eastern-ghouta-de-escalation-zone', '2018-02-18', 'collapsed'],
  ['northern-homs-de-escalation-zone', '2018-05-15', 'collapsed'],
  ['south-west-de-escalation-zone', '2018-06-18', 'collapsed'],
  // Raqqa.
  ['siege-of-raqqa', '2017-06-06', 'active'],
  ['siege-of-raqqa', '2017-10-20', 'ended'],
  // Eastern Aleppo, December 2016.
  ['siege-of-eastern-aleppo', '2016-07-17', 'active'],
  ['siege-of-eastern-aleppo', '2016-12-22', 'ended'],
  ['east-aleppo-ceasefire-and-evacuation', '2016-12-13', 'agreed'],
  ['east-aleppo-ceasefire-and-evacuation', '2016-12-15', 'active'],
  ['east-aleppo-ceasefire-and-evacuation', '2016-12-22', 'ended'],
  // The nationwide ceasefire of 29-30 December 2016.
  ['syria-nationwide-ceasefire-2016', '2016-12-29', 'agreed'],
  ['syria-nationwide-ceasefire-2016', '2016-12-30', 'active'],
  // The Four Towns, March-April 2017.
  ['four-towns-ceasefire', '2017-03-28', 'active'],
  ['siege-of-madaya-and-zabadani', '2017-04-19', 'ended'],
  // Deir ez-Zor: the siege of the city broken on 5 September 2017.
  ['siege-of-deir-ez-zor', '2017-09-05', 'ended'],
  ['siege-of-eastern-ghouta', '2018-04-14', 'ended'],
  // Sochi 2018, the Moscow protocol of 2020.
  ['sochi-idlib-demilitarised-zone', '2018-09-17', 'agreed'],
  ['m4-security-corridor', '2020-03-06', 'active'],
]

/** A zone's status on a day, as the map shows it: [zone slug, day, status in force that day]. */
export const GOLDEN_STATUS_ON: ReadonlyArray<readonly [zone: string, on: string, status: Status]> = [
  ['siege-of-eastern-aleppo', '2016-12-10', 'active'],
  ['east-aleppo-ceasefire-and-evacuation', '2016-12-15', 'active'],
  ['siege-of-deir-ez-zor', '2017-09-04', 'active'],
  ['siege-of-deir-ez-zor', '2017-09-05', 'ended'],
  ['four-towns-ceasefire', '2017-04-14', 'active'],
  ['south-west-de-escalation-zone', '2017-07-09', 'active'],
]
