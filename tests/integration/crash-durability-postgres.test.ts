// What the gallery acknowledged survives the process dying, on PostgreSQL (the suite: crash-durability.ts).
import { crashDurabilitySuite } from './crash-durability.js';

crashDurabilitySuite('postgres');
