// What the gallery acknowledged survives the process dying, on PGlite (the suite: crash-durability.ts).
import { crashDurabilitySuite } from './crash-durability.js';

crashDurabilitySuite('pglite');
