package io.portcullis.rules.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A radix tree from literal prefixes to int values (rule ranks). Answers "which keys are prefixes of this text" in
 * one walk along the text, so a request only meets the rules whose literal prefix it starts with, however many rules
 * there are. Edges hold whole strings, so 10,000 prefixes cost at most 20,000 nodes.
 */
final class PrefixTrie {

  private static final int[] NONE = new int[0];

  private static final class Node {
    String label;
    final Map<Character, Node> children = new HashMap<>(4);
    int[] values = NONE;

    Node(String label) {
      this.label = label;
    }
  }

  private final Node root = new Node("");

  /** Adds {@code value} under {@code key}; values under one key keep insertion order. */
  public void put(String key, int value) {
    Node node = root;
    int i = 0;
    while (i < key.length()) {
      Node child = node.children.get(key.charAt(i));
      if (child == null) {
        child = new Node(key.substring(i));
        node.children.put(key.charAt(i), child);
      } else {
        int common = commonLength(child.label, key, i);
        if (common < child.label.length()) {
          child = split(node, child, common);
        }
      }
      i += child.label.length();
      node = child;
    }
    node.values = Arrays.copyOf(node.values, node.values.length + 1);
    node.values[node.values.length - 1] = value;
  }

  /** Inserts a node for the first {@code length} chars of {@code child}'s label between it and {@code parent}. */
  private static Node split(Node parent, Node child, int length) {
    Node middle = new Node(child.label.substring(0, length));
    child.label = child.label.substring(length);
    middle.children.put(child.label.charAt(0), child);
    parent.children.put(middle.label.charAt(0), middle);
    return middle;
  }

  private static int commonLength(String label, String key, int offset) {
    int max = Math.min(label.length(), key.length() - offset);
    int n = 0;
    while (n < max && label.charAt(n) == key.charAt(offset + n)) {
      n++;
    }
    return n;
  }

  /**
   * The non-empty value arrays (shared: not to be modified) of every key that is a prefix of {@code text}, shortest
   * key first.
   */
  public List<int[]> valuesAlong(String text) {
    List<int[]> found = new ArrayList<>(4);
    Node node = root;
    int i = 0;
    while (true) {
      if (node.values.length > 0) {
        found.add(node.values);
      }
      Node child = i < text.length() ? node.children.get(text.charAt(i)) : null;
      if (child == null || !text.startsWith(child.label, i)) {
        return found;
      }
      i += child.label.length();
      node = child;
    }
  }
}
