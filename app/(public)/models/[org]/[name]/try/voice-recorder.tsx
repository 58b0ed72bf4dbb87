"use client";
import { Alert, Button, Group, Text } from "@mantine/core";
import { useEffect, useRef, useState } from "react";

type Props = { disabled: boolean; onRecorded: (audio: Blob) => void };

/** Longest recording: the whole clip is held in memory and scored at once. */
const MAX_SECONDS = 60;

/** What getUserMedia's refusal means for the user. */
const micError = (e: unknown) => {
  const name = e instanceof DOMException ? e.name : "";
  if (name === "NotAllowedError" || name === "SecurityError")
    return "Microphone access was refused. Allow it for this site in the browser's settings, or upload a file instead.";
  if (name === "NotFoundError" || name === "OverconstrainedError")
    return "No microphone was found on this device. Upload a file instead.";
  if (name === "NotReadableError") return "The microphone could not be opened (is another application using it?).";
  return `The microphone could not be used: ${e instanceof Error ? e.message : String(e)}`;
};

/** Records from the microphone with MediaRecorder until Stop (or MAX_SECONDS), then hands over the clip. */
export const VoiceRecorder = ({ disabled, onRecorded }: Props) => {
  const [recording, setRecording] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);

  const stop = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
    if (recorder.current?.state === "recording") recorder.current.stop();
  };
  // Leaving the page mid-recording releases the microphone.
  useEffect(() => () => stop(), []);

  const start = async () => {
    setError(null);
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined")
      return setError(
        "This browser cannot record here (recording needs a secure page, https or localhost). Upload a file instead.",
      );
    let stream: MediaStream;
    try {
      // The raw signal, as an uploaded file would be: no echo cancellation, noise suppression or gain control.
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      });
    } catch (e) {
      return setError(micError(e));
    }
    const parts: Blob[] = [];
    const r = new MediaRecorder(stream);
    r.ondataavailable = (e) => e.data.size > 0 && parts.push(e.data);
    r.onstop = () => {
      stream.getTracks().forEach((t) => t.stop());
      setRecording(false);
      recorder.current = null;
      if (parts.length) onRecorded(new Blob(parts, { type: r.mimeType }));
      else setError("The recording is empty: the microphone sent no sound.");
    };
    recorder.current = r;
    const started = Date.now();
    r.start(250);
    setElapsed(0);
    setRecording(true);
    timer.current = setInterval(() => {
      const s = (Date.now() - started) / 1000;
      setElapsed(s);
      if (s >= MAX_SECONDS) stop();
    }, 200);
  };

  return (
    <>
      <Group>
        {recording ? (
          <Button color="red" onClick={stop} data-testid="vad-stop">
            Stop recording
          </Button>
        ) : (
          <Button variant="light" onClick={() => void start()} disabled={disabled} data-testid="vad-record">
            Record from the microphone
          </Button>
        )}
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="vad-recording" data-recording={recording}>
          {recording ? `Recording… ${elapsed.toFixed(0)} s (at most ${MAX_SECONDS} s)` : ""}
        </Text>
      </Group>
      {error && (
        <Alert color="red" data-testid="vad-mic-error">
          {error}
        </Alert>
      )}
    </>
  );
};
