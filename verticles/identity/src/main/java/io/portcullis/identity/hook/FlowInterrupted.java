package io.portcullis.identity.hook;

import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiText;
import java.util.List;

/**
 * A hook stopped the flow with messages for its form, as Kratos' validation errors do: each message goes on the node
 * its JSON pointer names ({@code #/traits/email} is the node {@code traits.email}), or on the form itself for
 * {@code #/} and an empty pointer. The flow is saved with them and answered as a failed submission (400).
 */
public final class FlowInterrupted extends RuntimeException {
  /** One message and where it belongs. */
  public record NodeMessage(String instancePtr, UiText text) {
    /** The node the pointer names, or "" for the form: Kratos' {@code JSONPointerToDotNotation}. */
    public String nodeName() {
      String p = instancePtr == null ? "" : instancePtr;
      if (p.startsWith("#")) {
        p = p.substring(1);
      }
      if (p.startsWith("/")) {
        p = p.substring(1);
      }
      return String.join(".", List.of(p.split("/", -1)).stream()
          .map(seg -> seg.replace("~1", "/").replace("~0", "~")).toList());
    }
  }

  private final List<NodeMessage> messages;

  public FlowInterrupted(String why, List<NodeMessage> messages) {
    super(why, null, false, false);
    this.messages = List.copyOf(messages);
  }

  public List<NodeMessage> messages() {
    return messages;
  }

  /** Puts the messages on {@code ui} (whose old messages the caller reset), as Kratos' {@code Container.AddMessage}. */
  public UiContainer addTo(UiContainer ui) {
    for (NodeMessage m : messages) {
      ui.addMessage(m.text(), m.nodeName());
    }
    return ui;
  }
}
