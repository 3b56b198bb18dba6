import { measureReview } from './review.js';
import { measureSweep } from './sweep.js';
console.log(await measureReview());
const s = await measureSweep(Number(process.argv[2] ?? 1000));
console.log(s);
