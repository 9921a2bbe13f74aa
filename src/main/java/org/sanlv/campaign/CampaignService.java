package org.sanlv.campaign;

import java.util.List;
import org.sanlv.org.Scope;
import org.springframework.stereotype.Service;

/** Campaigns: made from a template, fanned out to the responsible units below the area. */
@Service
public class CampaignService {

  /**
   * Creates the area's campaign of this year from a template, with the template's tasks and publicity checklist
   * fanned out to the responsible units below the area. Needs CAMPAIGN_MANAGE and the area in the caller's subtree.
   */
  public Campaign create(Scope scope, String areaCode, int year, String templateId) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The campaigns the caller works in: of its subtree and of the areas above it, newest first. */
  public List<Campaign> campaigns(Scope scope) {
    throw new UnsupportedOperationException("not yet");
  }

  /** One campaign the caller works in, or NotFound. */
  public Campaign campaign(Scope scope, long id) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The responsible units of the campaign: towns/streets and the units attached to the area. */
  public List<Unit> units(long campaignId) {
    throw new UnsupportedOperationException("not yet");
  }
}
