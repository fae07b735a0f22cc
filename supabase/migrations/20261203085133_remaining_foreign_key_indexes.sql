CREATE INDEX audit_log_territory_idx ON app.audit_log USING btree (territory_id);

CREATE INDEX candidature_transitions_actor_idx ON app.candidature_transitions USING btree (actor_user_id);

CREATE INDEX candidatures_participant_idx ON app.candidatures USING btree (participant_id);

CREATE INDEX candidatures_prescriber_organisation_idx ON app.candidatures USING btree (prescriber_organisation_id);

CREATE INDEX markets_operation_idx ON app.markets USING btree (operation_id);

CREATE INDEX operations_project_owner_idx ON app.operations USING btree (project_owner_id);

CREATE INDEX publications_published_by_idx ON app.publications USING btree (published_by);
