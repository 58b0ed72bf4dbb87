// The playground's ONNX Runtime, in its own module worker so inference never blocks the page: one
// loaded session, and the tasks the page's widgets ask for.
import { load } from "./ort-load";
import { message, post, prepare, scope } from "./ort-runtime";
import { classifyImage, generate, runFeeds } from "./ort-tasks";
import { detectVoice } from "./vad-task";
import type { WorkerRequest } from "./worker-protocol";

const handle = (req: WorkerRequest) => {
  switch (req.type) {
    case "prepare":
      // A failure here surfaces when the model is loaded (the same promise), with the page's error box.
      return prepare(req.forceWasm).then(
        () => undefined,
        () => undefined,
      );
    case "load":
      return load(req);
    case "generate":
      return generate(req);
    case "run":
      return runFeeds(req);
    case "classify-image":
      return classifyImage(req);
    case "detect-voice":
      return detectVoice(req);
  }
};

scope.onmessage = (e) => {
  const req = e.data;
  handle(req).catch((err: unknown) =>
    post({
      type: "error",
      id: req.type === "load" || req.type === "prepare" ? undefined : req.id,
      message: message(err),
    }),
  );
};
