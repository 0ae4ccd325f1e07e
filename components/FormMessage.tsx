/** A form's outcome under it: success as a status, failure as an alert. */
export function FormMessage({ message }: { message?: { text: string; error: boolean } }) {
  return (
    <>
      <p class="message" role="status">
        {message && !message.error && message.text}
      </p>
      <p class="message error" role="alert">
        {message?.error && message.text}
      </p>
    </>
  );
}
