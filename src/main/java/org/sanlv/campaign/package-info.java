/**
 * Campaign work (issue 22): campaigns per year and area made from a template, their tasks and publicity checklist
 * fanned out to the responsible units, files (evidence), quotas and monthly activity reports. Public API:
 * {@link org.sanlv.campaign.CampaignService} (campaigns, tasks, checklist), and the services of files, quotas and
 * reports, with the records they take and return.
 */
package org.sanlv.campaign;
