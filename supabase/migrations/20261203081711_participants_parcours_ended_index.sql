CREATE INDEX participants_parcours_ended_idx ON app.participants USING btree (territory_id, parcours_ended_on)
  WHERE (parcours_ended_on IS NOT NULL);
