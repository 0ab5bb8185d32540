package io.portcullis.rules;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchPerfTest {
  @Test
  void worstCase() throws Exception {
    for (MatchingStrategy strategy : MatchingStrategy.values()) {
      boolean glob = strategy == MatchingStrategy.GLOB;
      List<RuleSetIndex.Entry<Integer>> entries = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        String url = "https://svc" + i + ".example.com/api/v" + (i % 5) + (glob ? "/<**>" : "/<[a-z]+/.*>");
        entries.add(new RuleSetIndex.Entry<>(TestRules.rule("r" + i, url, 0), i));
      }
      for (int k = 0; k < 3; k++) {
        entries.add(new RuleSetIndex.Entry<>(TestRules.rule("all" + k, glob ? "<**>" : "<.*>", 0), -1));
      }
      long start = System.nanoTime();
      RuleSetIndex<Integer> index = RuleSetIndex.build(entries, strategy);
      System.out.println(strategy + " worst: " + (System.nanoTime() - start) / 1_000_000 + " ms, overlaps "
          + index.overlaps().size() + " " + index.overlaps().get(0));
    }
  }
}
