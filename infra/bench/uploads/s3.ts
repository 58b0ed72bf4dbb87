// s3rver in a process of its own for bench:uploads, so that the uploaders and hashers being measured
// (in the bench's process) do not share an event loop with the store they talk to, as in any real
// deployment. Arguments: data dir, port, bucket, allowed origin. Stops on SIGTERM.
import { startS3 } from "../../local/s3";

const [dir, port, bucket, origin] = process.argv.slice(2) as [string, string, string, string];
const s3 = await startS3({ dir, port: Number(port), bucket, origin });
console.log(`s3rver ready at ${s3.endpoint}`);
const stop = () => void s3.stop().finally(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
